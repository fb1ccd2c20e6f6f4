package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The inbox recovery takes the oldest waiting events a batch at a time. On the embedded H2 store its query
 * must read the status index in order and stop after the batch: a plan that sorts instead reads every
 * waiting event, body included, for each batch, and a backlog of tens of thousands is then worked off at a
 * few hundred events a second. A status change finds its row by the key, never through the status index.
 */
class InboxRecoveryPlanTest {

    @Test
    void recoveryReadsTheStatusIndexInOrderOnH2() throws Exception {
        String url = TestDatabase.H2.create();
        try (HikariDataSource ds = MigratedDataSource.open("inbox", url, TestDatabase.H2.username(), "", 2);
             Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("EXPLAIN " + InboxRepository.UNDISPATCHED.replaceFirst("\\?", "'"
                     + InboxStatus.RECEIVED.value() + "'").replaceFirst("\\?", "CURRENT_TIMESTAMP").replaceFirst("\\?", "500"))) {
            assertTrue(plan.next());
            String text = plan.getString(1);
            assertTrue(text.contains("IX_WEBHOOK_INBOX_STATUS") && text.contains("/* index sorted */"), text);
        }
    }

    @Test
    void aStatusChangeFindsItsRowByKeyOnH2() throws Exception {
        String url = TestDatabase.H2.create();
        try (HikariDataSource ds = MigratedDataSource.open("inbox", url, TestDatabase.H2.username(), "", 2);
             Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("EXPLAIN " + InboxRepository.MARK_FROM_RECEIVED.replaceFirst("\\?", "'dispatched'")
                     .replaceFirst("\\?", "CURRENT_TIMESTAMP").replaceFirst("\\?", "'msg_1'").replaceFirst("\\?", "'received'"))) {
            assertTrue(plan.next());
            String text = plan.getString(1);
            assertTrue(text.contains("PRIMARY_KEY") && !text.contains("IX_WEBHOOK_INBOX_STATUS"), text);
        }
    }
}

package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
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
        String text = explain(InboxRepository.UNDISPATCHED, "'" + InboxStatus.RECEIVED.value() + "'", "CURRENT_TIMESTAMP",
                "500");
        assertTrue(text.contains("IX_WEBHOOK_INBOX_STATUS") && text.contains("/* index sorted */"), text);
    }

    @Test
    void aStatusChangeFindsItsRowByKeyOnH2() throws Exception {
        String text = explain(InboxRepository.MARK_FROM_RECEIVED, "'dispatched'", "CURRENT_TIMESTAMP", "'msg_1'", "'received'");
        assertTrue(text.contains("PRIMARY_KEY") && !text.contains("IX_WEBHOOK_INBOX_STATUS"), text);
    }

    /** H2's plan for a statement on a new inbox, its placeholders replaced by these literals in order. */
    private static String explain(String sql, String... literals) throws SQLException {
        for (String literal : literals) {
            sql = sql.replaceFirst("\\?", Matcher.quoteReplacement(literal));
        }
        try (HikariDataSource ds = TestDatabase.H2.newInbox(2); Connection c = ds.getConnection();
             Statement s = c.createStatement(); ResultSet plan = s.executeQuery("EXPLAIN " + sql)) {
            assertTrue(plan.next());
            return plan.getString(1);
        }
    }
}

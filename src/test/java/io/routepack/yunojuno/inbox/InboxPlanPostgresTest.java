package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, the plans a fresh install caches while its inbox is still empty must stay right when the
 * inbox fills: PostgreSQL keeps a prepared statement's generic plan, made without the parameters' values,
 * until the table is next analysed. A status change must find its row by the key, not through the status
 * index (which would read every waiting event on each update, so a burst would drain in quadratic time),
 * and the recovery must read the status index in order and stop after its batch.
 */
class InboxPlanPostgresTest {

    @Test
    void genericPlansOnAnEmptyInboxFindRowsByKeyAndRecoverABatchInOrder() throws Exception {
        TestDatabase.POSTGRESQL.assumeAvailable();
        try (HikariDataSource ds = TestDatabase.POSTGRESQL.newInbox(2); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");

            String update = plan(s, InboxRepository.MARK_FROM_RECEIVED, "'dispatched', now(), 'msg_1', 'received'");
            assertTrue(update.contains("Index Scan using webhook_inbox_pkey") && !update.contains("ix_webhook_inbox_status"),
                    update);

            String recovery = plan(s, InboxRepository.UNDISPATCHED, "'received', now(), 500");
            assertTrue(recovery.startsWith("Limit") && recovery.contains("Index Scan using ix_webhook_inbox_status")
                    && !recovery.contains("Sort"), recovery);
        }
    }

    /** The generic plan of a statement, with its JDBC placeholders as PostgreSQL parameters. */
    private static String plan(Statement s, String sql, String arguments) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        s.execute("PREPARE statement AS " + numbered);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE statement(" + arguments + ")")) {
            while (rs.next()) {
                plan.append(rs.getString(1).strip()).append('\n');
            }
        }
        s.execute("DEALLOCATE statement");
        return plan.toString();
    }
}

package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a contract event's body (4-5 KB) is compressed when stored; the inbox migration makes that lz4
 * instead of the slower default pglz where the server has lz4, and the body reads back byte for byte.
 */
class InboxBodyCompressionPostgresTest {

    @Test
    void aLargeBodyIsStoredWithLz4WhereTheServerHasItAndReadsBackUnchanged() throws Exception {
        TestDatabase.POSTGRESQL.assumeAvailable();
        String body = new String(Samples.bytes("client.contract.accepted"), StandardCharsets.UTF_8);
        try (HikariDataSource ds = TestDatabase.POSTGRESQL.newInbox(2);
             InboxRepository inbox = new InboxRepository(ds, Dialect.POSTGRESQL, Clock.systemUTC(), 10_000)) {
            assertEquals("stored", InboxBatchInsertPostgresTest.store(inbox, "msg_large", body));
            var row = Db.rows(ds, "SELECT body, pg_column_compression(body) AS compression FROM webhook_inbox"
                    + " WHERE message_id = ?", "msg_large").get(0);
            assertEquals(body, row.get("body"));
            assertEquals(serverHasLz4(ds) ? "lz4" : "pglz", row.get("compression"));
        }
    }

    /** PostgreSQL 14+ built with lz4 accepts the column option; older or other builds refuse it. */
    private static boolean serverHasLz4(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE lz4_probe (b TEXT COMPRESSION lz4)");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}

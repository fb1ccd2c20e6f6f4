package io.routepack.yunojuno.sink.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.sink.SentRecord;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sinks' sent record on each supported database: migrated beside the inbox, one row per (svix-id, sink). */
class SentRecordTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void recordsOncePerMessageAndSink(TestDatabase database) {
        database.assumeAvailable();
        String url = database.create();
        try (HikariDataSource ds = MigratedDataSource.open("inbox", url, database.username(), "", 2)) {
            MigratedDataSource.migrate("sinks", Dialect.of(url), ds);
            MigratedDataSource.migrate("sinks", Dialect.of(url), ds); // a restart: nothing to do
            SentRecord sent = new SentRecord(ds, Clock.systemUTC());

            assertFalse(sent.alreadySent("msg_1", "finance-email"));
            sent.record("msg_1", "finance-email", "<msg_1.finance-email@example.com>");
            sent.record("msg_1", "finance-email", "again"); // a second record is a no-op, not an error
            assertTrue(sent.alreadySent("msg_1", "finance-email"));
            assertFalse(sent.alreadySent("msg_1", "finance-system"));
            assertFalse(sent.alreadySent("msg_2", "finance-email"));
            assertEquals(1, Db.count(ds, "SELECT COUNT(*) FROM sink_sent_record"));
            assertEquals("<msg_1.finance-email@example.com>",
                    Db.rows(ds, "SELECT reference FROM sink_sent_record").get(0).get("reference"));
        }
    }
}

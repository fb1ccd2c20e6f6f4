package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The refusal table on each dialect: restores what was written, and never holds more rows than its cap. */
class RefusalTableTest {

    HikariDataSource ds;

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keepsTheNewestRefusalsUpToItsCapAndForgetsRecoveredOnes(TestDatabase db) throws SQLException {
        db.assumeAvailable();
        ds = MigratedDataSource.open("ops", db.create(), db.username(), "", 2);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
        RefusalWatch watch = new RefusalWatch(50, clock);
        RefusalTable table = new RefusalTable(ds, 50);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 40; i++) {
                watch.refused("msg_" + round + "_" + i, "signature_mismatch");
                clock.advance(Duration.ofSeconds(1));
            }
            table.write(watch.takeChanges());
            assertTrue(table.count() <= 50, "at most the cap: " + table.count());
        }
        assertEquals(50, table.count());
        watch.accepted("msg_4_39");
        table.write(watch.takeChanges());
        assertEquals(49, table.count());

        RefusalWatch restored = new RefusalWatch(50, clock);
        List<RefusalWatch.Refusal> rows = table.load();
        restored.restore(rows);
        assertEquals(49, restored.size());
        assertEquals(watch.oldest().orElseThrow(), restored.oldest().orElseThrow());
    }
}

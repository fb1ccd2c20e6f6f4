package io.routepack.yunojuno.sink.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.support.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HR writes, each event in a transaction of its own, on a real (in-memory H2) database: an event whose
 * values can never be written fails alone with its own permanent error and leaves nothing behind, and the
 * events applied beside it are written.
 */
class HrisTransactionsTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void createTable() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:hris-tx-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE contract (contract_id VARCHAR(20) NOT NULL PRIMARY KEY)");
        }
    }

    @Test
    void aBadEventFailsAloneWithItsPermanentError() throws Exception {
        HrisTransactions tx = new HrisTransactions(dataSource);
        CountDownLatch allStarted = new CountDownLatch(4);
        ExecutorService deliveries = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> good = new ArrayList<>();
            for (String id : List.of("ctr_a", "ctr_b", "ctr_c")) {
                good.add(deliveries.submit(() -> tx.run(c -> {
                    String outcome = insert(c, id);
                    arrive(allStarted); // all four transactions open at once
                    return outcome;
                })));
            }
            Future<String> bad = deliveries.submit(() -> tx.run(c -> {
                insert(c, "ctr_bad");
                arrive(allStarted);
                throw new PermanentDeliveryException("start_date is not a YYYY-MM-DD date");
            }));

            for (Future<String> f : good) {
                assertEquals(Outcome.APPLIED, f.get(5, TimeUnit.SECONDS));
            }
            ExecutionException failed = assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertInstanceOf(PermanentDeliveryException.class, failed.getCause(), "not wrapped: the ledger marks it dead at once");
            assertEquals("start_date is not a YYYY-MM-DD date", failed.getCause().getMessage());
        } finally {
            deliveries.shutdownNow();
        }
        assertEquals(List.of("ctr_a", "ctr_b", "ctr_c"), ids()); // ctr_bad rolled back
    }

    @Test
    void aDatabaseErrorKeepsNoValueInItsMessage() {
        HrisTransactions tx = new HrisTransactions(dataSource);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> tx.run(c -> insert(c, "ctr_far_too_long_for_its_column_jane@example.com")));
        assertInstanceOf(PermanentDeliveryException.class, e, "a value too long never fits on a retry");
        assertTrue(!e.getMessage().contains("jane"), e.getMessage());
    }

    private static String insert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contract (contract_id) VALUES (?)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        return Outcome.APPLIED;
    }

    private static void arrive(CountDownLatch allStarted) {
        allStarted.countDown();
        try {
            allStarted.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Object> ids() {
        return Db.rows(dataSource, "SELECT contract_id FROM contract ORDER BY contract_id").stream()
                .map(row -> row.get("contract_id")).toList();
    }
}

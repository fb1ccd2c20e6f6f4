package io.routepack.yunojuno.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group commit on a real (in-memory H2) database: batching, and a refused write failing alone. */
class GroupCommitTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void createTable() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (name VARCHAR(10) NOT NULL PRIMARY KEY)");
        }
    }

    @Test
    void aRefusedWriteInABatchFailsAloneAndTheOthersAreCommitted() throws Exception {
        refusedWriteFailsAlone(GroupCommitTest::insert);
    }

    private void refusedWriteFailsAlone(GroupCommit.Write<String, Integer> write) throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger transactions = new AtomicInteger();
        GroupCommit.Write<String, Integer> insert = (statements, name) -> {
            if (name.equals("first")) {
                writerBusy.countDown();
                await(release); // holds the only writer, so the next writes queue up and form one batch
            }
            return write.apply(statements, name);
        };
        try (GroupCommit<String, Integer> commit = new GroupCommit<>("test-writer", countingTransactions(transactions),
                insert, 1, 64, 10_000)) {
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                Future<Integer> first = callers.submit(() -> commit.submit("first"));
                assertTrue(writerBusy.await(5, TimeUnit.SECONDS));
                List<Future<Integer>> good = new ArrayList<>();
                for (String name : List.of("a", "b", "c", "d")) {
                    good.add(callers.submit(() -> commit.submit(name)));
                }
                Future<Integer> poison = callers.submit(() -> commit.submit("far-too-long-for-the-column"));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> commit.queued() == 5);
                int before = transactions.get();
                release.countDown();

                assertEquals(1, first.get(5, TimeUnit.SECONDS));
                for (Future<Integer> f : good) {
                    assertEquals(1, f.get(5, TimeUnit.SECONDS));
                }
                Exception refused = assertThrows(Exception.class, () -> poison.get(5, TimeUnit.SECONDS));
                assertTrue(refused.getCause() instanceof SQLException, "the caller gets the database's error");
                // one failed batch of five, then five transactions of one write each
                assertEquals(before + 1 + 5, transactions.get());
            } finally {
                callers.shutdownNow();
            }
        }
        assertEquals(List.of("a", "b", "c", "d", "first"), names());
    }

    @Test
    void concurrentWritesShareCommits() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        try (GroupCommit<String, Integer> commit = new GroupCommit<>("test-writer", countingTransactions(transactions),
                GroupCommitTest::insert, 1, 64, 10_000)) {
            ExecutorService callers = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> all = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    String name = "n" + i;
                    all.add(callers.submit(() -> commit.submit(name)));
                }
                for (Future<Integer> f : all) {
                    assertEquals(1, f.get(10, TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdownNow();
            }
        }
        assertEquals(500, names().size());
        assertTrue(transactions.get() < 500, "500 concurrent writes took " + transactions.get() + " transactions");
    }

    private static int insert(GroupCommit.Statements statements, String name) throws SQLException {
        PreparedStatement ps = statements.get("INSERT INTO item (name) VALUES (?)");
        ps.setString(1, name);
        return ps.executeUpdate();
    }

    /** A data source that counts the connections taken: one per transaction here. */
    private javax.sql.DataSource countingTransactions(AtomicInteger count) {
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<Object> names() {
        return Db.rows(dataSource, "SELECT name FROM item ORDER BY name").stream().map(row -> row.get("name")).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.routepack.yunojuno.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, where a key violation would abort a whole group-commit transaction, events queued together
 * while the writers are held must still come out right one by one: a svix-id already stored is a duplicate,
 * two copies of one event store one row and exactly one of them is "stored", and the new events are stored.
 * The whole batch goes as one JDBC batch, whose row counts tell new from duplicate.
 */
class InboxBatchInsertPostgresTest {

    @Test
    void aBatchWithDuplicatesStoresEachEventOnce() throws Exception {
        TestDatabase.POSTGRESQL.assumeAvailable();
        try (HikariDataSource ds = TestDatabase.POSTGRESQL.newInbox(4);
             InboxRepository inbox = new InboxRepository(ds, Dialect.POSTGRESQL, Clock.systemUTC(), 10_000)) {
            assertEquals("stored", store(inbox, "msg_earlier"));

            List<FutureTask<String>> answers = new ArrayList<>();
            List<Thread> requests = new ArrayList<>();
            try (Connection holder = ds.getConnection(); Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                // Holds the writers on their first inserts, so the next events queue up behind them.
                s.execute("LOCK TABLE webhook_inbox IN EXCLUSIVE MODE");
                request(inbox, "msg_first", answers, requests);
                await().atMost(Duration.ofSeconds(10)).until(() -> insertsWaitingForTheLock(ds) >= 1);
                for (String id : List.of("msg_earlier", "msg_twin", "msg_twin", "msg_new")) {
                    request(inbox, id, answers, requests);
                }
                // Every request is parked waiting for its commit: queued, or held by the lock.
                await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream()
                        .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || !t.isAlive()));
                holder.rollback();
            }
            List<String> outcomes = new ArrayList<>();
            for (FutureTask<String> f : answers) {
                outcomes.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals("stored", outcomes.get(0), "msg_first");
            assertEquals("duplicate", outcomes.get(1), "msg_earlier was stored before");
            assertTrue(List.of(outcomes.get(2), outcomes.get(3)).containsAll(List.of("stored", "duplicate")),
                    "one twin stored, the other a duplicate: " + outcomes);
            assertEquals("stored", outcomes.get(4), "msg_new");
            assertEquals(List.of("msg_earlier", "msg_first", "msg_new", "msg_twin"),
                    Db.rows(ds, "SELECT message_id FROM webhook_inbox ORDER BY message_id").stream()
                            .map(r -> r.get("message_id")).toList());
        }
    }

    @Test
    void aStoreUrlThatHidesRowCountsIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InboxRepository.checkJdbcUrl(
                "jdbc:postgresql://127.0.0.1:5432/test?ssl=false&reWriteBatchedInserts=true"));
        assertTrue(e.getMessage().startsWith("store.jdbc.url: remove reWriteBatchedInserts=true"), e.getMessage());
        assertDoesNotThrow(() -> InboxRepository.checkJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=false"));
        assertDoesNotThrow(() -> InboxRepository.checkJdbcUrl("jdbc:h2:mem:x"));
    }

    /** Stores the event on a thread of its own (a request), which parks while it waits for the commit. */
    private static void request(InboxRepository inbox, String messageId, List<FutureTask<String>> answers, List<Thread> threads) {
        FutureTask<String> answer = new FutureTask<>(() -> store(inbox, messageId));
        Thread t = new Thread(answer, "request-" + messageId);
        t.setDaemon(true);
        t.start();
        answers.add(answer);
        threads.add(t);
    }

    private static long insertsWaitingForTheLock(HikariDataSource ds) {
        return Db.count(ds, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'INSERT INTO webhook_inbox%' AND datname = current_database()");
    }

    private static String store(InboxRepository inbox, String messageId) {
        return store(inbox, messageId, "{\"event_type\":\"client.contract.accepted\"}");
    }

    /** Stores a contract.accepted event with this body; returns the inbox outcome as the ingress names it. */
    static String store(InboxRepository inbox, String messageId, String body) {
        InboxEvent event = new InboxEvent(messageId, "client.contract.accepted", "live", null, body, Instant.now());
        return inbox.store(event) ? "stored" : "duplicate";
    }
}

package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the inbox inserts a whole group-commit batch with one multi-row statement. Events queued
 * together while the writer is held must still come out right one by one: a svix-id already stored is a
 * duplicate, two copies of one event in the same batch store one row and exactly one of them is "stored",
 * and the new events are stored.
 */
class InboxBatchInsertPostgresTest {

    @Test
    void aBatchWithDuplicatesStoresEachEventOnce() throws Exception {
        TestDatabase.POSTGRESQL.assumeAvailable();
        String url = TestDatabase.POSTGRESQL.create();
        ExecutorService requests = Executors.newFixedThreadPool(6);
        try (HikariDataSource ds = MigratedDataSource.open("inbox", url, TestDatabase.POSTGRESQL.username(), "", 4);
             InboxRepository inbox = new InboxRepository(ds, Dialect.POSTGRESQL, Clock.systemUTC(), 1, 64, 10_000)) {
            assertEquals("stored", store(inbox, "msg_earlier"));

            List<Future<String>> answers = new ArrayList<>();
            try (Connection holder = ds.getConnection(); Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                // Holds the only writer on its first insert, so the next events queue into one batch.
                s.execute("LOCK TABLE webhook_inbox IN EXCLUSIVE MODE");
                answers.add(requests.submit(() -> store(inbox, "msg_first")));
                Thread.sleep(300);
                for (String id : List.of("msg_earlier", "msg_twin", "msg_twin", "msg_new")) {
                    answers.add(requests.submit(() -> store(inbox, id)));
                }
                Thread.sleep(300);
                holder.rollback();
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : answers) {
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
        } finally {
            requests.shutdownNow();
        }
    }

    private static String store(InboxRepository inbox, String messageId) {
        return store(inbox, messageId, "{\"event_type\":\"client.contract.accepted\"}");
    }

    /** Stores a contract.accepted event with this body the way the ingress hands it over; returns the inbox outcome. */
    static String store(InboxRepository inbox, String messageId, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Headers.MESSAGE_ID, messageId);
        exchange.getMessage().setHeader(Headers.EVENT_TYPE, "client.contract.accepted");
        exchange.getMessage().setHeader(Headers.MODE, "live");
        exchange.getMessage().setBody(body);
        inbox.store(exchange);
        return exchange.getMessage().getHeader(Headers.INBOX_OUTCOME, String.class);
    }
}

package io.routepack.yunojuno.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances on one PostgreSQL database behind an imaginary load balancer: the same events, and
 * copies of them, sent to both at once are stored once and applied once per sink; a delivery claimed
 * by an instance that died is taken over once its claim lapses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceTest {

    static final Map<String, AtomicInteger> APPLIED = new ConcurrentHashMap<>();

    PackRunner a;
    PackRunner b;

    @BeforeAll
    void start() throws Exception {
        TestDatabase.POSTGRESQL.assumeAvailable();
        String url = TestDatabase.POSTGRESQL.create();
        for (int i = 0; i < 2; i++) {
            Map<String, String> props = PackRunner.defaults(url);
            props.put("store.jdbc.username", TestDatabase.POSTGRESQL.username());
            props.put("dispatch.sinks",
                    "client.contract.* = ledger-a,ledger-b; client.spend_request.* = ledger-a; client.client_contact.* = ledger-b");
            props.put("delivery.claim-timeout-seconds", "2");
            PackRunner pack = PackRunner.start(props, () -> new RouteBuilder() {
                @Override
                public void configure() {
                    for (String sink : List.of("ledger-a", "ledger-b")) {
                        from("direct:sink-" + sink).process(e -> APPLIED.computeIfAbsent(
                                sink + ":" + e.getMessage().getHeader(Headers.MESSAGE_ID, String.class),
                                k -> new AtomicInteger()).incrementAndGet());
                    }
                }
            });
            if (i == 0) {
                a = pack;
            } else {
                b = pack;
            }
        }
    }

    @AfterAll
    void stop() {
        for (PackRunner p : new PackRunner[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void eventsSentToBothInstancesAreAppliedOncePerSink() throws Exception {
        List<String> samples = Samples.all();
        List<String> ids = new ArrayList<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            byte[] body = Samples.bytes(samples.get(n % samples.size()));
            String id = Signer.newMessageId();
            ids.add(id);
            Map<String, String> headers = Signer.headers(PackRunner.SECRET, id, body);
            // Each event goes to both instances, twice: a retry racing the original.
            for (PackRunner target : List.of(a, b, a, b)) {
                calls.add(() -> target.post(body, headers).statusCode());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 202), statuses.toString());
        assertEquals(60, statuses.stream().filter(s -> s == 202).count(), "one copy of each event is the new one");

        var store = a.storeDataSource();
        assertEquals(60, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE status <> 'delivered'") == 0
                        && Db.count(store, "SELECT COUNT(*) FROM webhook_inbox WHERE status = 'received'") == 0);
        long expectedDeliveries = Db.count(store, "SELECT COUNT(*) FROM webhook_delivery");
        assertTrue(expectedDeliveries >= 60, "every event has at least one sink");
        for (String id : ids) {
            for (Map<String, Object> d : Db.rows(store, "SELECT sink FROM webhook_delivery WHERE message_id = ?", id)) {
                String key = d.get("sink") + ":" + id;
                assertEquals(1, APPLIED.get(key).get(), key);
            }
        }
        assertEquals(expectedDeliveries, APPLIED.keySet().stream().filter(k -> ids.stream().anyMatch(k::endsWith)).count());
    }

    @Test
    void aDeliveryClaimedByADeadInstanceIsTakenOver() throws Exception {
        byte[] body = Samples.bytes("client.spend_request.updated");
        String id = Signer.newMessageId();
        var store = a.storeDataSource();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        // As left by an instance killed mid-delivery: dispatched, delivery claimed, claim about to lapse.
        try (var c = store.getConnection()) {
            try (var ps = c.prepareStatement("INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body,"
                    + " received_at, offered_at, status, dispatched_at) VALUES (?, 'client.spend_request.updated', 'live',"
                    + " '2024-04-10', ?, ?, ?, 'dispatched', ?)")) {
                ps.setString(1, id);
                ps.setString(2, new String(body, java.nio.charset.StandardCharsets.UTF_8));
                ps.setTimestamp(3, now);
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO webhook_delivery (message_id, sink, status, attempts, next_attempt_at,"
                    + " claimed_by, claimed_until, created_at, updated_at) VALUES (?, 'ledger-a', 'pending', 0, ?, 'dead-instance', ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, new Timestamp(System.currentTimeMillis() + 1500));
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(
                Db.rows(store, "SELECT status FROM webhook_delivery WHERE message_id = ?", id).get(0).get("status")));
        assertEquals(1, APPLIED.get("ledger-a:" + id).get());
    }
}

package io.routepack.yunojuno.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.privacy.Retention;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.RouteProbe;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The spine's promises, run against each supported database: a verified event is stored once, byte for
 * byte, before the 2xx; duplicates are stored and dispatched once; each event type reaches its family
 * route; unknown types and test-mode events are kept but not sent on; bad input stores nothing; and
 * events stored but never dispatched are dispatched after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    PackRunner pack;
    RouteProbe probe;
    DataSource store;
    TestDatabase database;
    Map<String, String> props;

    abstract TestDatabase database();

    @BeforeAll
    void start() {
        database = database();
        database.assumeAvailable();
        props = PackRunner.defaults(database.create());
        props.put("store.jdbc.username", database.username());
        props.put("dispatch.recovery-grace-seconds", "2");
        pack = PackRunner.start(props);
        attach();
    }

    private void attach() {
        probe = RouteProbe.attach(pack.context());
        store = pack.storeDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @BeforeEach
    void clearProbe() {
        if (probe != null) {
            probe.clear();
        }
    }

    @Test
    void signedEventIsStoredByteForByteAndDispatched() {
        byte[] body = Samples.bytes("client.contract.accepted");
        String id = Signer.newMessageId();
        HttpResponse<String> r = pack.post(body, Signer.headers(PackRunner.SECRET, id, body));

        assertEquals(202, r.statusCode(), r.body());
        assertEquals("{\"status\":\"accepted\",\"id\":\"" + id + "\"}", r.body());
        Map<String, Object> row = inboxRow(id);
        assertArrayEquals(body, ((String) row.get("body")).getBytes(StandardCharsets.UTF_8));
        assertEquals("client.contract.accepted", row.get("event_type"));
        assertEquals("live", row.get("mode"));
        assertEquals("2024-04-10", row.get("api_version"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(inboxRow(id).get("status")));
        assertEquals(List.of("hris"), deliveries(id));
    }

    @Test
    void everySampleReachesItsFamilyRoute() throws Exception {
        for (String sample : Samples.all()) {
            byte[] body = Samples.bytes(sample);
            String type = JSON.readTree(body).get("event_type").asText();
            // The shipped dispatch.sinks (hr-email is off: hr.notify.to is empty).
            List<String> expected = type.equals("client.spend_request.approved") ? List.of("finance-email", "finance-system")
                    : type.startsWith("client.spend_request.") ? List.of() : List.of("hris");
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode(), sample);
            await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(inboxRow(id).get("status")));
            assertEquals(expected, deliveries(id), sample);
        }
        assertEquals(17, Samples.all().size(), "16 event types plus the already-onboarded variant");
    }

    @Test
    void duplicatesAreStoredAndDispatchedOnce() throws Exception {
        byte[] body = Samples.bytes("client.spend_request.approved");
        String id = Signer.newMessageId();
        Map<String, String> headers = Signer.headers(PackRunner.SECRET, id, body);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(pack.post(body, headers).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> pack.post(body, headers).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(20, statuses.size());
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(inboxRow(id).get("status")));
        // Give a stray second dispatch the time it would need, then count.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> sinksSentTo(id).size() == 2);
        assertEquals(List.of("direct://sink-finance-email", "direct://sink-finance-system"), sinksSentTo(id));
        assertEquals(List.of("finance-email", "finance-system"), deliveries(id));
    }

    @Test
    void unknownEventTypeIsAcceptedAndKeptAsUnrouted() {
        byte[] body = "{\"api_version\":\"2030-01-01\",\"event_type\":\"client.timesheet.approved\",\"data\":{},\"mode\":\"live\"}"
                .getBytes(StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> "unrouted".equals(inboxRow(id).get("status")));
        assertEquals(List.of(), deliveries(id));
        assertEquals(List.of(), sinksSentTo(id));
    }

    @Test
    void testModeEventsAreRecordedButNotSentOn() {
        String text = new String(Samples.bytes("client.contract.offered"), StandardCharsets.UTF_8)
                .replace("\"mode\": \"live\"", "\"mode\": \"test\"");
        assertTrue(text.contains("\"mode\": \"test\""), "sample has a mode field to flip");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> "skipped".equals(inboxRow(id).get("status")));
        assertEquals("test", inboxRow(id).get("mode"));
        assertEquals(List.of(), deliveries(id));
        assertEquals(List.of(), sinksSentTo(id));
    }

    @Test
    void badInputIsRefusedAndStoresNothing() {
        long before = Db.count(store, "SELECT COUNT(*) FROM webhook_inbox");
        byte[] body = Samples.bytes("client.contract.accepted");

        // unsigned
        HttpResponse<String> r = pack.post(body, Map.of());
        assertEquals(401, r.statusCode());
        assertEquals("missing_headers", error(r));

        // tampered: one byte changed after signing
        Map<String, String> signed = Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body);
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 0x01;
        r = pack.post(tampered, signed);
        assertEquals(401, r.statusCode());
        assertEquals("signature_mismatch", error(r));

        // stale
        long stale = System.currentTimeMillis() / 1000 - 3600;
        r = pack.post(body, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), stale, body));
        assertEquals(401, r.statusCode());
        assertEquals("stale_timestamp", error(r));

        // wrong secret
        r = pack.post(body, Signer.headers("whsec_aRKaOnqpwpkpvHHqlIc4NoPPL8rmVpBPH3QUztFN+Aw=", Signer.newMessageId(), body));
        assertEquals(401, r.statusCode());

        // signed, but not JSON / no event_type
        byte[] notJson = "event_type=client.contract.accepted".getBytes(StandardCharsets.UTF_8);
        r = pack.post(notJson, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), notJson));
        assertEquals(400, r.statusCode());
        assertEquals("malformed_json", error(r));
        byte[] noType = "{\"api_version\":\"2024-04-10\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        r = pack.post(noType, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), noType));
        assertEquals(400, r.statusCode());
        assertEquals("missing_event_type", error(r));

        // oversized (default limit 1 MiB), signed so only the size can refuse it
        byte[] big = ("{\"event_type\":\"client.contract.accepted\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        r = pack.post(big, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), big));
        assertEquals(413, r.statusCode());

        // not a POST
        r = PackRunner.send(java.net.http.HttpRequest.newBuilder(pack.webhookUri()).GET().build());
        assertEquals(405, r.statusCode());

        assertEquals(before, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox"));
    }

    @Test
    void acceptsWebhookHeaderNamesInAnyCase() {
        byte[] body = Samples.bytes("client.contract.approved");
        String id = Signer.newMessageId();
        Map<String, String> h = Signer.headers(PackRunner.SECRET, id, body);
        HttpResponse<String> r = pack.post(body, Map.of(
                "Webhook-Id", h.get("svix-id"),
                "WEBHOOK-TIMESTAMP", h.get("svix-timestamp"),
                "webhook-signature", h.get("svix-signature")));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));
    }

    @Test
    void eventStoredButNeverDispatchedIsDispatchedAfterRestart() {
        String id = Signer.newMessageId();
        // As if the process died between the inbox commit and dispatch.
        restart(Map.of(), () -> insertReceived(id, "client.client_contact.registered"));
        await().atMost(Duration.ofSeconds(15)).until(() -> "dispatched".equals(inboxRow(id).get("status")));
        assertEquals(List.of("hris"), deliveries(id));
    }

    @Test
    void aBacklogLargerThanOneRecoveryBatchIsWorkedOffInOneRun() {
        // As if a burst overflowed the in-memory queue: seven events stored, none dispatched.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(Signer.newMessageId());
        }
        // Batches of two, one run a minute: only looping within a run dispatches all seven in time.
        restart(Map.of("dispatch.recovery-batch-size", "2", "dispatch.recovery-interval-ms", "60000"),
                () -> ids.forEach(id -> insertReceived(id, "client.client_contact.registered")));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> ids.stream().allMatch(id -> "dispatched".equals(inboxRow(id).get("status"))));
            for (String id : ids) {
                assertEquals(List.of("hris"), deliveries(id));
            }
        } finally {
            restart(Map.of(), () -> { });
        }
    }

    @Test
    void aBurstThatOverflowsTheDispatchQueueIsDispatchedOnceEach() throws Exception {
        // A one-event queue and one dispatcher: most of a concurrent burst overflows the queue, stays in the
        // inbox as received, and is taken by the inbox recovery. A short grace re-offers events that may still
        // be queued, which must not dispatch them twice.
        restart(Map.of("dispatch.queue-size", "1", "dispatch.concurrency", "1",
                "dispatch.recovery-interval-ms", "300", "dispatch.recovery-grace-seconds", "1"), () -> { });
        byte[] body = Samples.bytes("client.client_contact.registered");
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = Signer.newMessageId();
                ids.add(id);
                calls.add(() -> pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertEquals(202, f.get());
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ids.stream().allMatch(id -> "dispatched".equals(inboxRow(id).get("status"))));
            // The recovery claims an event by moving its offered_at on, so these went through it.
            long recovered = ids.stream().mapToLong(id -> Db.count(store,
                    "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ? AND offered_at > received_at", id)).sum();
            assertTrue(recovered > 0, "no event overflowed the queue, so the test proved nothing");
            for (String id : ids) {
                assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id), id);
                assertEquals(1, Db.count(store,
                        "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND sink = 'hris'", id), id);
            }
        } finally {
            pool.shutdown();
            restart(Map.of(), () -> { });
        }
    }

    /**
     * Stops the pack, runs {@code whileStopped} (e.g. writes straight into the inbox), and starts it again with
     * {@code overrides} on top of this class's settings; {@code Map.of()} brings those settings back.
     */
    private void restart(Map<String, String> overrides, Runnable whileStopped) {
        pack.close();
        pack = null;
        whileStopped.run();
        Map<String, String> settings = new java.util.HashMap<>(props);
        settings.putAll(overrides);
        pack = PackRunner.start(settings);
        attach();
    }

    /** Writes an event straight into the inbox, received a minute ago and never dispatched (the pack is stopped). */
    private void insertReceived(String id, String type) {
        byte[] body = Samples.bytes(type);
        try (var ds = io.routepack.yunojuno.db.MigratedDataSource.open("inbox", props.get("store.jdbc.url"),
                database.username(), "", 2);
             var c = ds.getConnection();
             var ps = c.prepareStatement("INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body,"
                     + " received_at, offered_at, status) VALUES (?, ?, 'live', '2024-04-10', ?, ?, ?, 'received')")) {
            ps.setString(1, id);
            ps.setString(2, type);
            ps.setString(3, new String(body, StandardCharsets.UTF_8));
            ps.setTimestamp(4, new java.sql.Timestamp(System.currentTimeMillis() - 60_000));
            ps.setTimestamp(5, new java.sql.Timestamp(System.currentTimeMillis() - 60_000));
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void retentionDeletesFinishedEventsOnlyWhenOldEnough() throws Exception {
        long day = 24L * 3600 * 1000;
        String oldDone = oldEvent(40 * day, "dispatched", "delivered");
        String oldDead = oldEvent(40 * day, "dispatched", "dead");
        String oldUnrouted = oldEvent(40 * day, "unrouted", null);
        String recentDone = oldEvent(5 * day, "dispatched", "delivered");

        Retention retention = pack.context().getRegistry().lookupByNameAndType("retention", Retention.class);
        assertEquals(2, retention.purgeFinished(30));

        assertEquals(Map.of(), inboxRow(oldDone));
        assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", oldDone));
        assertEquals(Map.of(), inboxRow(oldUnrouted));
        assertEquals("dispatched", inboxRow(oldDead).get("status"), "dead deliveries are kept");
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", oldDead));
        assertEquals("dispatched", inboxRow(recentDone).get("status"));
    }

    private String oldEvent(long ageMillis, String status, String deliveryStatus) throws Exception {
        String id = Signer.newMessageId();
        java.sql.Timestamp at = new java.sql.Timestamp(System.currentTimeMillis() - ageMillis);
        try (var c = store.getConnection()) {
            try (var ps = c.prepareStatement("INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body,"
                    + " received_at, offered_at, status) VALUES (?, 'client.contract.offered', 'live', '2024-04-10', '{}', ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setTimestamp(2, at);
                ps.setTimestamp(3, at);
                ps.setString(4, status);
                ps.executeUpdate();
            }
            if (deliveryStatus != null) {
                try (var ps = c.prepareStatement("INSERT INTO webhook_delivery (message_id, sink, status, attempts,"
                        + " next_attempt_at, created_at, updated_at) VALUES (?, 'hris', ?, 1, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, deliveryStatus);
                    ps.setTimestamp(3, at);
                    ps.setTimestamp(4, at);
                    ps.setTimestamp(5, at);
                    ps.executeUpdate();
                }
            }
        }
        return id;
    }

    static String error(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).get("error").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    Map<String, Object> inboxRow(String id) {
        List<Map<String, Object>> rows = Db.rows(store, "SELECT * FROM webhook_inbox WHERE message_id = ?", id);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** The sinks dispatch recorded a delivery for, by name (written with the dispatched status, in one commit). */
    List<String> deliveries(String id) {
        return Db.rows(store, "SELECT sink FROM webhook_delivery WHERE message_id = ? ORDER BY sink", id).stream()
                .map(r -> (String) r.get("sink")).toList();
    }

    /** Every call of a sink route for the event, in sink order. */
    List<String> sinksSentTo(String id) {
        return probe.endpointsFor(id).stream().filter(e -> e.startsWith("direct://sink-")).sorted().toList();
    }
}

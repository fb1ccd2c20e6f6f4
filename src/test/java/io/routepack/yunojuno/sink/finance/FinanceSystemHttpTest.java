package io.routepack.yunojuno.sink.finance;

import static io.routepack.yunojuno.sink.finance.FinanceFixtures.APPROVAL_URL;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.SPEND_ID;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.TITLE;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.attempts;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * finance-system over HTTP against a real local server that records every request and answers what a
 * test scripts per Idempotency-Key (default 200).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinanceSystemHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "fin-test-token-123";

    record Received(String method, Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
    HttpServer server;
    PackRunner pack;
    DataSource store;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/finance/spend", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            Deque<Integer> planned = key == null ? null : script.get(key);
            Integer scripted = planned == null ? null : planned.poll();
            int status = scripted == null ? 200 : scripted;
            received.add(new Received(exchange.getRequestMethod(), headers, body, status));
            byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();

        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("finance.http.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/finance/spend");
        p.put("finance.http.token", TOKEN);
        // Only the finance system here (the email has its own tests); created requisitions too.
        p.put("dispatch.sinks", "client.client_contact.*, client.contract.* = hris;"
                + " client.spend_request.approved, client.spend_request.created = finance-system");
        pack = PackRunner.start(p);
        store = pack.storeDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    List<Received> requestsFor(String svixId) {
        return received.stream().filter(r -> svixId.equals(r.header("Idempotency-Key"))).toList();
    }

    String post(String sample) {
        byte[] body = Samples.bytes(sample);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    @Test
    void approvedIsPostedOnceWithDocumentShapeIdempotencyKeyAndBearer() throws Exception {
        String id = post("client.spend_request.approved");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-system")));

        List<Received> requests = requestsFor(id);
        assertEquals(1, requests.size());
        Received r = requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("Bearer " + TOKEN, r.header("Authorization"));
        assertEquals(id, r.header("Idempotency-Key"));
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertTrue(r.headers().keySet().stream().noneMatch(h -> h.startsWith("yunojuno") || h.startsWith("camel")),
                "no internal headers leak: " + r.headers().keySet());

        JsonNode doc = JSON.readTree(r.body());
        assertEquals("yunojuno.finance.spend_request.v1", doc.get("schema").asText());
        assertEquals("client.spend_request.approved", doc.get("event_type").asText());
        assertEquals("approved", doc.get("event").asText());
        assertEquals(id, doc.get("svix_id").asText());
        assertEquals(id, doc.get("idempotency_key").asText());
        assertEquals("live", doc.get("mode").asText());
        assertTrue(doc.get("received_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T.*Z"), doc.get("received_at").asText());
        JsonNode s = doc.get("spend_request");
        assertEquals(SPEND_ID, s.get("spend_request_id").asText());
        assertEquals("FIN-SR-2025-0417", s.get("external_id").asText());
        assertEquals(TITLE, s.get("title").asText());
        assertTrue(s.get("amount").isTextual(), "amount is a decimal string");
        assertEquals("27500.00", s.get("amount").asText());
        assertEquals("GBP", s.get("currency").asText());
        assertEquals("TOTAL", s.get("amount_type").asText());
        assertTrue(s.get("approval_flow_id").isNull());
        assertTrue(s.get("current_approval_step_id").isNull());
        assertEquals(JSON.readTree("[{\"name\":\"cost_centre\",\"value\":\"CC-2210\"},"
                + "{\"name\":\"purchase_order\",\"value\":\"PO-778812\"}]"), s.get("custom_fields"));
        assertEquals(APPROVAL_URL, s.get("url").asText());

        // Replay of the delivery: the sent record stops a second document.
        FinanceFixtures.replay(store, id, "finance-system");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-system"))
                && attempts(store, id, "finance-system") == 2);
        assertEquals(1, requestsFor(id).size());
        assertEquals(id, Db.rows(store, "SELECT reference FROM sink_sent_record WHERE message_id = ? AND sink = 'finance-system'",
                id).get(0).get("reference"));
    }

    @Test
    void serverErrorsAreRetriedUntilOneDocumentIsAccepted() {
        String id = Signer.newMessageId();
        script.put(id, new ArrayDeque<>(List.of(500, 503)));
        byte[] body = Samples.bytes("client.spend_request.approved");
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(status(store, id, "finance-system")));
        List<Received> requests = requestsFor(id);
        assertEquals(List.of(500, 503, 200), requests.stream().map(Received::answered).toList());
        assertEquals(1, requests.stream().filter(r -> r.answered() == 200).count());
        assertEquals(3, attempts(store, id, "finance-system"));
        assertNull(FinanceFixtures.delivery(store, id, "finance-system").get("last_error"));
        // All three carried the same document and key, so the finance system could drop repeats itself.
        assertEquals(1, requests.stream().map(Received::body).distinct().count());
    }

    @Test
    void badRequestIsDeadAtOnceAndNotRetried() {
        String id = Signer.newMessageId();
        script.put(id, new ArrayDeque<>(List.of(400, 400, 400)));
        byte[] body = Samples.bytes("client.spend_request.approved");
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(store, id, "finance-system")));
        assertEquals(1, attempts(store, id, "finance-system"));
        assertTrue(String.valueOf(FinanceFixtures.delivery(store, id, "finance-system").get("last_error")).contains("400"));
        // Several poll intervals and back-off delays later, still the one request.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> requestsFor(id).size() == 1);
        assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM sink_sent_record WHERE message_id = ?", id));
    }

    @Test
    void tooManyRequestsIsRetried() {
        String id = Signer.newMessageId();
        script.put(id, new ArrayDeque<>(List.of(429)));
        byte[] body = Samples.bytes("client.spend_request.approved");
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-system")));
        assertEquals(List.of(429, 200), requestsFor(id).stream().map(Received::answered).toList());
    }

    @Test
    void createdIsSentWhenConfigured() throws Exception {
        String id = post("client.spend_request.created");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-system")));
        JsonNode doc = JSON.readTree(requestsFor(id).get(0).body());
        assertEquals("created", doc.get("event").asText());
        assertEquals("25000.00", doc.get("spend_request").get("amount").asText());
        // updated is not configured here: no delivery at all.
        String updated = post("client.spend_request.updated");
        await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(
                Db.inboxStatus(store, updated)));
        assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", updated));
    }
}

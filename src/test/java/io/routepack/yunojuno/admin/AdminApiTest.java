package io.routepack.yunojuno.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The admin API: guarded by its token, absent without one, and replays that deliver exactly once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    private static final String TOKEN = "adm1n-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    PackRunner pack;
    final AtomicBoolean sinkFixed = new AtomicBoolean(false);
    final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("admin.token", TOKEN);
        props.put("dispatch.sinks", "client.contract.* = fragile");
        props.put("delivery.fragile.max-attempts", "1");
        pack = PackRunner.start(props, () -> new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-fragile").process(e -> {
                    if (!sinkFixed.get()) {
                        throw new IllegalStateException("downstream rejected jane.doe@example.com");
                    }
                    applied.computeIfAbsent(e.getMessage().getHeader(Headers.MESSAGE_ID, String.class),
                            k -> new AtomicInteger()).incrementAndGet();
                });
            }
        });
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    /**
     * Every route the pack creates here has its own id and a description, and every REST verb a description
     * of its own. The admin API is on; routes whose precondition is false here (SMTP, HTTP, broker and alert
     * mail routes) are never created, so this test does not see them.
     */
    @Test
    void everyRouteOfThePackHasAnIdAndADescription() {
        List<String> missing = pack.context().getRoutes().stream()
                .filter(r -> !r.getEndpoint().getEndpointUri().equals("direct://sink-fragile"))
                .filter(r -> !r.getEndpoint().getEndpointUri().startsWith("rest:"))
                .filter(r -> r.getRouteId().matches("route\\d+") || r.getDescription() == null
                        || r.getDescription().isBlank() || r.getDescription().contains("{{"))
                .map(r -> r.getRouteId() + " (" + r.getEndpoint().getEndpointUri() + "): " + r.getDescription())
                .toList();
        assertEquals(List.of(), missing);
        assertTrue(pack.context().getRoutes().size() > 40, "the pack's routes are loaded");

        List<RestDefinition> rests = ((ModelCamelContext) pack.context()).getRestDefinitions();
        List<String> verbsWithout = rests.stream().flatMap(rest -> rest.getVerbs().stream())
                .filter(v -> v.getDescriptionText() == null || v.getDescriptionText().isBlank())
                .map(v -> v.asVerb() + " " + v.getPath()).toList();
        assertEquals(List.of(), verbsWithout);
        assertEquals(10, rests.stream().mapToInt(rest -> rest.getVerbs().size()).sum(), "the admin API's verbs");
    }

    @Test
    void refusesCallsWithoutTheToken() {
        assertEquals(401, call("GET", "/admin/events", null).statusCode());
        assertEquals(401, call("GET", "/admin/events", "Bearer wrong").statusCode());
        assertEquals(401, call("GET", "/admin/sinks", null).statusCode());
        assertEquals(401, call("POST", "/admin/deliveries/replay-dead", "Bearer wrong").statusCode());
    }

    @Test
    void isAbsentWhenNoTokenIsConfigured() {
        try (PackRunner plain = PackRunner.start(PackRunner.defaults(TestDatabase.H2.create()))) {
            HttpResponse<String> r = PackRunner.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/admin/events"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build());
            assertEquals(404, r.statusCode());
        }
    }

    @Test
    void deadDeliveryReplayedThroughTheApiIsDeliveredOnce() throws Exception {
        sinkFixed.set(false);
        String id = post("client.contract.accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(deliveryStatus(id)));

        JsonNode list = json(call("GET", "/admin/events?status=dead&type=client.contract.accepted", "Bearer " + TOKEN));
        assertTrue(list.findValuesAsText("message_id").contains(id), list.toString());
        // A misspelt status is refused, not answered with an empty list that reads as "nothing is dead".
        HttpResponse<String> misspelt = call("GET", "/admin/events?status=daed", "Bearer " + TOKEN);
        assertEquals(400, misspelt.statusCode(), misspelt.body());
        JsonNode refusal = JSON.readTree(misspelt.body());
        assertEquals("bad_request", refusal.get("error").asText(), misspelt.body());
        assertTrue(refusal.get("message").asText().contains("received, dispatched, unrouted, skipped")
                && refusal.get("message").asText().contains("pending, retrying, delivered, dead"), misspelt.body());

        JsonNode event = json(call("GET", "/admin/events/" + id, "Bearer " + TOKEN));
        assertEquals("client.contract.accepted", event.get("event_type").asText());
        JsonNode freelancer = event.at("/payload/data/object/freelancer");
        assertEquals("***", freelancer.get("email").asText(), "personal data is masked");
        assertEquals("***", freelancer.get("date_of_birth").asText());
        JsonNode delivery = event.get("deliveries").get(0);
        assertEquals("dead", delivery.get("status").asText());
        assertFalse(delivery.get("last_error").asText().contains("@example.com"), delivery.toString());

        JsonNode sinks = json(call("GET", "/admin/sinks", "Bearer " + TOKEN));
        assertEquals(1, sinks.size(), sinks.toString());
        assertEquals("fragile", sinks.get(0).get("sink").asText());
        assertTrue(sinks.get(0).get("dead").asInt() >= 1, sinks.toString());

        sinkFixed.set(true);
        HttpResponse<String> r = call("POST", "/admin/deliveries/" + id + "/fragile/replay", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(deliveryStatus(id)));
        // A second replay of a delivered event does not apply it twice at an idempotent sink...
        assertEquals(1, applied.get(id).get());
        assertEquals(404, call("POST", "/admin/deliveries/" + id + "/nosuchsink/replay", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void bulkReplayOfDeadDeliveriesForASinkSinceATime() throws Exception {
        sinkFixed.set(false);
        String since = Instant.now().minusSeconds(1).toString();
        String a = post("client.contract.offered");
        String b = post("client.contract.approved");
        await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(deliveryStatus(a)) && "dead".equals(deliveryStatus(b)));

        sinkFixed.set(true);
        JsonNode r = json(call("POST", "/admin/deliveries/replay-dead?sink=fragile&since=" + since, "Bearer " + TOKEN));
        assertTrue(r.get("replayed").asInt() >= 2, r.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(deliveryStatus(a)) && "delivered".equals(deliveryStatus(b)));
        assertEquals(1, applied.get(a).get());
        assertEquals(1, applied.get(b).get());
        assertEquals(400, call("POST", "/admin/deliveries/replay-dead?since=yesterday", "Bearer " + TOKEN).statusCode());
    }

    private String post(String sample) {
        byte[] body = Samples.bytes(sample);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    private String deliveryStatus(String id) {
        return Db.deliveryStatus(pack.storeDataSource(), id, "fragile");
    }

    private HttpResponse<String> call(String method, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pack.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return PackRunner.send(b.build());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}

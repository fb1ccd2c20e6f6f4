package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /admin/watch: the refused messages with their deadline and recovery time, and the active alerts; admin token only. */
class WatchAdminTest {

    static final String TOKEN = "w4tch-t0ken";

    @Test
    void showsOutstandingRefusalsWithDeadlineUntilTheyAreAccepted() throws Exception {
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("admin.token", TOKEN);
        p.put("ops.notify.refusal-grace", "0s");
        p.put("ops.watch.interval-ms", "200");
        try (PackRunner pack = PackRunner.start(p)) {
            assertEquals(401, get(pack, "Bearer wrong").statusCode());

            byte[] body = Samples.bytes("client.contract.accepted");
            String id = Signer.newMessageId();
            Instant before = Instant.now();
            assertEquals(401, pack.post(body, Signer.headers("whsec_QUJDREVGR0hJSktMTU5PUA==", id, body)).statusCode());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode watch = json(get(pack, "Bearer " + TOKEN));
                JsonNode refusals = watch.path("refusals");
                assertEquals(1, refusals.path("outstanding").asInt());
                assertEquals(1, refusals.path("byReason").path("signature_mismatch").asInt());
                Instant first = Instant.parse(refusals.path("recoverFrom").asText());
                assertFalse(first.isBefore(before.minusSeconds(1)));
                assertEquals(first.plus(RefusalWatch.RETRY_WINDOW), Instant.parse(refusals.path("deadline").asText()));
                assertEquals(1, watch.path("conditions").size(), "the refusal condition, once the watch has run");
                assertEquals("refusals", watch.path("conditions").get(0).path("key").asText());
                assertTrue(watch.path("conditions").get(0).path("runbook").asText().endsWith("#webhooks-refused"));
            });
            String text = get(pack, "Bearer " + TOKEN).body();
            assertFalse(text.contains(id), "no event id in the watch");

            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode watch = json(get(pack, "Bearer " + TOKEN));
                assertEquals(0, watch.path("refusals").path("outstanding").asInt());
                assertEquals(1, watch.path("refusals").path("recovered").asInt());
                assertEquals(0, watch.path("conditions").size());
                assertFalse(watch.path("silence").path("silent").asBoolean());
                assertFalse(watch.path("silence").path("lastEventAt").isNull());
            });
        }
    }

    static HttpResponse<String> get(PackRunner pack, String auth) {
        return PackRunner.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pack.port() + "/admin/watch"))
                .header("Authorization", auth).GET().build());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }
}

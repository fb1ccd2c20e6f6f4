package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian package {@code prometheus}) scraping the running pack with the shipped rules loaded.
 * The refusal warning's 15 min and 1 min {@code for} are cut to seconds in a test copy; everything else is as
 * shipped. Skips without the binary outside CI; under CI (CI=true) a missing binary fails.
 */
class PrometheusAlertTest {

    static final String WRONG_SECRET = "whsec_QUJDREVGR0hJSktMTU5PUA==";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRotatedSecretRaisesTheRefusalAlertAndTheRightSecretClearsIt() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            assertTrue(!"true".equals(System.getenv("CI")), "CI needs the prometheus binary (Debian package prometheus)");
            Assumptions.abort("prometheus is not installed (apt-get install prometheus)");
        }
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("ops.watch.interval-ms", "200");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "prometheus-");
        String rules = Files.readString(MonitoringFilesTest.RULES);
        String shortened = rules.replace("> 15 * 60\n        for: 1m", "> 2\n        for: 0s");
        assertTrue(!shortened.equals(rules), "the refusal warning's threshold is where this test expects it");
        Files.writeString(dir.resolve("rules.yml"), shortened);

        try (PackRunner pack = PackRunner.start(props)) {
            int port = PackRunner.freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: yunojuno-camel-pack
                        metrics_path: /observe/metrics
                        static_configs: [{targets: ["127.0.0.1:%s"]}]
                    """.formatted(pack.managementUri("/").getPort()));
            Process prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
                byte[] body = Samples.bytes("client.contract.accepted");
                String id = Signer.newMessageId();
                double firstAttempt = System.currentTimeMillis() / 1000.0;
                for (int attempt = 0; attempt < 3; attempt++) { // YunoJuno's retries keep the svix-id
                    assertEquals(401, pack.post(body, Signer.headers(WRONG_SECRET, id, body)).statusCode());
                }

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode alerts = get(api.resolve("alerts")).path("data").path("alerts");
                    for (JsonNode a : alerts) {
                        String state = a.path("state").asText();
                        if (a.path("labels").path("alertname").asText().equals("YunoJunoWebhooksRefused")
                                && (state.equals("pending") || state.equals("firing"))) {
                            return true;
                        }
                    }
                    return false;
                });
                double first = value(api, "yunojuno_refusal_oldest_timestamp_seconds");
                // The pack stamps the refusal as it answers: within a couple of seconds of the test's own clock.
                assertEquals(firstAttempt, first, 2.0, "first refusal time = the first attempt");
                assertEquals(1.0, value(api, "sum(yunojuno_refusals_outstanding)"));

                assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> value(api, "sum(yunojuno_refusals_outstanding)") == 0.0);
                assertEquals(1.0, value(api, "yunojuno_refusals_recovered_total"));
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    static double value(URI api, String query) throws Exception {
        JsonNode result = get(api.resolve("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .path("data").path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    static JsonNode get(URI uri) throws Exception {
        try {
            return JSON.readTree(PackRunner.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build()).body());
        } catch (IllegalStateException e) {
            return JSON.createObjectNode(); // not listening yet
        }
    }

}

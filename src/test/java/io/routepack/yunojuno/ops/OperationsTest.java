package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health and metrics on the management port, as an operator's curl or Prometheus sees them. */
class OperationsTest {

    @Test
    void metricsCountRequestsByOutcomeEventsByTypeAndDeliveriesBySink() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("metrics.lag-interval-ms", "200");
        props.put("ops.watch.interval-ms", "200");
        try (PackRunner pack = PackRunner.start(props)) {
            byte[] body = Samples.bytes("client.contract.accepted");
            String id = Signer.newMessageId();
            Map<String, String> headers = Signer.headers(PackRunner.SECRET, id, body);
            assertEquals(202, pack.post(body, headers).statusCode());
            assertEquals(200, pack.post(body, headers).statusCode());
            assertEquals(401, pack.post(body, Map.of()).statusCode());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String metrics = get(pack, "/observe/metrics").body();
                assertTrue(metrics.contains("yunojuno_webhook_requests_total{outcome=\"accepted\",reason=\"\"} 1.0"), metrics);
                assertTrue(metrics.contains("yunojuno_webhook_requests_total{outcome=\"duplicate\",reason=\"\"} 1.0"));
                assertTrue(metrics.contains("yunojuno_webhook_requests_total{outcome=\"rejected\",reason=\"missing_headers\"} 1.0"));
                assertTrue(metrics.contains("yunojuno_events_total{event_type=\"client.contract.accepted\"} 1.0"));
                assertTrue(metrics.contains("yunojuno_deliveries_total{outcome=\"delivered\",sink=\"hris\"} 1.0"));
                assertTrue(metrics.contains("yunojuno_webhook_ack_seconds_bucket{le="), "ack latency histogram");
                assertTrue(metrics.contains("yunojuno_webhook_ack_seconds_count 3"));
                assertTrue(metrics.contains("yunojuno_inbox_lag_seconds "), "lag gauge");
                assertTrue(metrics.contains("camel_exchanges_total"), "Camel's own route metrics");
                // per-sink gauges name the sinks, not the HR sink's internal writer routes
                assertTrue(metrics.contains("yunojuno_deliveries_dead{sink=\"hris\"} 0.0"), metrics);
                assertFalse(metrics.contains("sink=\"hris-c"), metrics);
            });
        }
    }

    @Test
    void readinessFollowsTheInboxDatabase() {
        try (PackRunner pack = PackRunner.start(PackRunner.defaults(TestDatabase.H2.create()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(pack, "/observe/health/ready").statusCode() == 200);
            assertTrue(get(pack, "/observe/health/ready").body().contains("\"status\":\"UP\""));
            assertEquals(200, get(pack, "/observe/health/live").statusCode());

            ((HikariDataSource) pack.storeDataSource()).close();
            HttpResponse<String> ready = get(pack, "/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"status\":\"DOWN\""), ready.body());
            assertEquals(200, get(pack, "/observe/health/live").statusCode(), "still alive: restarting would not help");
        }
    }

    private static HttpResponse<String> get(PackRunner pack, String path) {
        return PackRunner.send(HttpRequest.newBuilder(pack.managementUri(path)).GET().build());
    }
}

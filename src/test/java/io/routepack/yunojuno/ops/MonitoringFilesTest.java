package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every metric the shipped alert rules and dashboard name exists in a live scrape of the pack: they cannot drift. */
class MonitoringFilesTest {

    static final Path RULES = Path.of("monitoring/prometheus/yunojuno-alerts.yml");
    static final Path DASHBOARD = Path.of("monitoring/grafana/yunojuno-dashboard.json");
    static final Pattern METRIC = Pattern.compile("\\byunojuno_[a-z0-9_]+");

    @Test
    void everyMetricInTheRulesAndTheDashboardIsScraped() throws Exception {
        Set<String> named = new TreeSet<>();
        named.addAll(metrics(Files.readString(RULES)));
        named.addAll(metrics(Files.readString(DASHBOARD)));
        assertTrue(named.size() >= 10, "the files name the pack's metrics: " + named);

        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("ops.watch.interval-ms", "200");
        try (PackRunner pack = PackRunner.start(props)) {
            // One refusal (with an id) and one accepted event make the labelled gauges appear.
            byte[] body = Samples.bytes("client.contract.accepted");
            assertEquals(401, pack.post(body, Signer.headers("whsec_QUJDREVGR0hJSktMTU5PUA==", Signer.newMessageId(), body))
                    .statusCode());
            assertEquals(202, pack.postSigned(body).statusCode());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String scrape = PackRunner.send(HttpRequest.newBuilder(pack.managementUri("/observe/metrics")).GET().build()).body();
                Set<String> scraped = scrape.lines().filter(l -> !l.startsWith("#"))
                        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
                Set<String> missing = named.stream().filter(n -> !scraped.contains(n)).collect(Collectors.toCollection(TreeSet::new));
                assertTrue(missing.isEmpty(), "named in the rules or dashboard but not scraped: " + missing);
            });
        }
    }

    static Set<String> metrics(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

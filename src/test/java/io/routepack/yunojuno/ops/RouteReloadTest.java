package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * camel.main.routes-reload-enabled=true: a route file edited while the pack runs takes effect, and an event
 * sent before and one sent after the reload are each delivered once.
 */
class RouteReloadTest {

    static final String PROBE = """
            - route:
                id: sink-probe
                description: Test sink that passes each delivery on with the version of this file
                from:
                  uri: direct:sink-probe
                  steps:
                    - setHeader:
                        name: ProbeVersion
                        constant: v1
                    - to: direct:probe-seen
            """;

    final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void anEditedRouteFileTakesEffectWithNoEventLostOrDoubled() throws IOException {
        // The pack runs on a copy of routes/, so the test edits the copy.
        Path routes = Files.createDirectories(Path.of("target", "reload-" + UUID.randomUUID(), "routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Path probe = routes.resolve("sink-probe.camel.yaml");
        Files.writeString(probe, PROBE);

        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        props.put("camel.main.routes-reload-enabled", "true");
        props.put("camel.main.routes-reload-directory", routes.toString());
        props.put("dispatch.sinks", "client.contract.* = probe");
        try (PackRunner pack = PackRunner.start(props, () -> new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:probe-seen").routeId("test-probe-seen")
                        .process(e -> seen.add(e.getMessage().getHeader("ProbeVersion", String.class) + " "
                                + e.getMessage().getHeader(Headers.MESSAGE_ID, String.class)));
            }
        })) {
            String before = post(pack);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.equals(List.of("v1 " + before)));

            Route old = pack.context().getRoute("sink-probe");
            Files.writeString(probe, PROBE.replace("constant: v1", "constant: v2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Route now = pack.context().getRoute("sink-probe");
                return now != null && now != old && pack.context().getRouteController().getRouteStatus("sink-probe").isStarted();
            });

            String after = post(pack);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            // Nothing more arrives: each event went through the sink once.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> seen.equals(List.of("v1 " + before, "v2 " + after)));
            for (String id : List.of(before, after)) {
                assertEquals("delivered", Db.deliveryStatus(pack.storeDataSource(), id, "probe"), id);
                assertEquals(1L, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id));
            }
        }
    }

    private static String post(PackRunner pack) {
        byte[] body = Samples.bytes("client.contract.approved");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }
}

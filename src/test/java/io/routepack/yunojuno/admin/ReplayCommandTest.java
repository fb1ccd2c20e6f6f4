package io.routepack.yunojuno.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import io.routepack.yunojuno.admin.ReplayCommand;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** {@code java -jar … replay}: dead deliveries put back from the command line are delivered once by the pack. */
class ReplayCommandTest {

    final AtomicBoolean fixed = new AtomicBoolean(false);
    final AtomicInteger applied = new AtomicInteger();

    @Test
    void replayFromTheCommandLineDeliversOnceThePackRunsAgain() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("dispatch.sinks", "client.contract.* = fragile");
        props.put("delivery.fragile.max-attempts", "1");
        String id = Signer.newMessageId();
        try (PackRunner pack = start(props)) {
            byte[] body = Samples.bytes("client.contract.approved");
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(status(pack, id)));
        }

        assertEquals(2, ReplayCommand.run(new String[] {"replay"}), "usage without --sink or --event");
        System.setProperty("store.jdbc.url", props.get("store.jdbc.url"));
        try {
            assertEquals(0, ReplayCommand.run(new String[] {"replay", "--sink", "fragile", "--since", "2020-01-01T00:00:00Z"}));
        } finally {
            System.clearProperty("store.jdbc.url");
        }

        fixed.set(true);
        // Room for more attempts than the one the first run allowed.
        props.put("delivery.fragile.max-attempts", "5");
        try (PackRunner pack = start(props)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(status(pack, id)));
            assertEquals(1, applied.get());
        }
    }

    private PackRunner start(Map<String, String> props) throws Exception {
        return PackRunner.start(props, () -> new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-fragile").process(e -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("down");
                    }
                    applied.incrementAndGet();
                });
            }
        });
    }

    private static String status(PackRunner pack, String id) {
        return Db.deliveryStatus(pack.storeDataSource(), id, "fragile");
    }
}

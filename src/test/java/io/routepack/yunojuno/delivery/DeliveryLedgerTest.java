package io.routepack.yunojuno.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The delivery ledger with test sinks: each sink is retried on its own back-off, a failing sink does
 * not hold back the others, what can never succeed goes dead at once, attempts run out into the dead
 * letter, and a retry survives a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryLedgerTest {

    PackRunner pack;
    Map<String, String> props;
    final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    final AtomicBoolean downstreamUp = new AtomicBoolean(true);

    @BeforeAll
    void start() throws Exception {
        props = PackRunner.defaults(TestDatabase.H2.create());
        // Contract events fan out to four test sinks; spend requests to one that is "down".
        props.put("dispatch.sinks", "client.contract.* = steady,flaky,refusing,failing; client.spend_request.* = outage");
        props.put("delivery.failing.max-attempts", "3");
        pack = PackRunner.start(props, this::sinks);
    }

    private RouteBuilder sinks() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-steady").process(e -> count(e.getMessage().getHeader(Headers.MESSAGE_ID, String.class), "steady"));
                from("direct:sink-flaky").process(e -> {
                    String id = e.getMessage().getHeader(Headers.MESSAGE_ID, String.class);
                    if (flakyCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= 2) {
                        throw new IllegalStateException("flaky downstream timed out");
                    }
                    count(id, "flaky");
                });
                from("direct:sink-refusing").process(e -> {
                    throw new PermanentDeliveryException("payload cannot be mapped");
                });
                from("direct:sink-failing").process(e -> {
                    throw new IllegalStateException("always down");
                });
                from("direct:sink-outage").process(e -> {
                    if (!downstreamUp.get()) {
                        throw new IllegalStateException("connection refused");
                    }
                    count(e.getMessage().getHeader(Headers.MESSAGE_ID, String.class), "outage");
                });
            }
        };
    }

    private void count(String id, String sink) {
        applied.computeIfAbsent(sink + ":" + id, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void eachSinkIsRetriedOnItsOwnAndFailuresEndInTheDeadLetter() {
        String id = post("client.contract.accepted");

        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(delivery(id, "steady").get("status")));
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(delivery(id, "flaky").get("status")));
        await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(delivery(id, "failing").get("status")));

        Map<String, Object> steady = delivery(id, "steady");
        assertEquals(1, ((Number) steady.get("attempts")).intValue());
        assertEquals(3, ((Number) delivery(id, "flaky").get("attempts")).intValue());

        Map<String, Object> refusing = delivery(id, "refusing");
        assertEquals("dead", refusing.get("status"));
        assertEquals(1, ((Number) refusing.get("attempts")).intValue(), "a permanent failure is not retried");
        assertTrue(((String) refusing.get("last_error")).contains("payload cannot be mapped"), refusing.toString());

        Map<String, Object> failing = delivery(id, "failing");
        assertEquals(3, ((Number) failing.get("attempts")).intValue(), "delivery.failing.max-attempts");
        assertTrue(((String) failing.get("last_error")).contains("always down"));

        assertEquals(1, applied.get("steady:" + id).get());
        assertEquals(1, applied.get("flaky:" + id).get());
    }

    @Test
    void aRetryWaitingInTheLedgerSurvivesARestart() {
        downstreamUp.set(false);
        String id = post("client.spend_request.created");
        await().atMost(Duration.ofSeconds(10)).until(() -> "retrying".equals(delivery(id, "outage").get("status")));

        pack = pack.restart();
        downstreamUp.set(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(delivery(id, "outage").get("status")));
        assertEquals(1, applied.get("outage:" + id).get());
    }

    private String post(String sample) {
        byte[] body = Samples.bytes(sample);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    private Map<String, Object> delivery(String id, String sink) {
        return Db.delivery(pack.storeDataSource(), id, sink);
    }
}

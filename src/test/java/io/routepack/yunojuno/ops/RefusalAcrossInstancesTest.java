package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL store: a message refused by one and accepted by the other is recovered on both,
 * and a restarted instance remembers what is still outstanding.
 */
class RefusalAcrossInstancesTest {

    @Test
    void aRefusalAcceptedElsewhereIsRecoveredAndOutstandingOnesSurviveARestart() {
        TestDatabase.POSTGRESQL.assumeAvailable();
        String url = TestDatabase.POSTGRESQL.create();
        Map<String, String> pa = PackRunner.defaults(url);
        pa.put("store.jdbc.username", TestDatabase.POSTGRESQL.username());
        pa.put("ops.watch.interval-ms", "200");
        Map<String, String> pb = PackRunner.defaults(url);
        pb.put("store.jdbc.username", TestDatabase.POSTGRESQL.username());
        pb.put("ops.watch.interval-ms", "200");
        byte[] body = Samples.bytes("client.contract.accepted");
        String recovered = Signer.newMessageId();
        String outstanding = Signer.newMessageId();
        try (PackRunner b = PackRunner.start(pb)) {
            PackRunner a = PackRunner.start(pa);
            try {
                for (String id : new String[] {recovered, outstanding}) {
                    assertEquals(401, a.post(body, Signer.headers("whsec_QUJDREVGR0hJSktMTU5PUA==", id, body)).statusCode());
                }
                assertEquals(202, b.post(body, Signer.headers(PackRunner.SECRET, recovered, body)).statusCode());
                OpsWatch watchA = watch(a);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertEquals(1, watchA.refusals().size());
                    assertEquals(outstanding, watchA.refusals().oldest().orElseThrow().messageId());
                    assertEquals(1, watchA.table().count());
                });
                String late = Signer.newMessageId();
                assertEquals(401, a.post(body, Signer.headers("whsec_QUJDREVGR0hJSktMTU5PUA==", late, body)).statusCode());
                a = a.restart(); // a graceful stop writes the refusals of the last round too
                assertEquals(outstanding, watch(a).refusals().oldest().orElseThrow().messageId(), "restored from the table");
                assertEquals(2, watch(a).refusals().size());
            } finally {
                a.close();
            }
        }
    }

    static OpsWatch watch(PackRunner pack) {
        return pack.context().getRegistry().lookupByNameAndType("opsWatch", OpsWatch.class);
    }
}

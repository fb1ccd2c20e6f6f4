package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * Forged requests can carry any svix-id: 10,000 of them with bad signatures must leave the refusal watch within
 * its capacity in memory and in its table, and a real event is still accepted.
 */
class ForgedTrafficTest {

    static final int CAPACITY = 500;

    @Test
    void forgedIdsStayBoundedInMemoryAndTableAndRealEventsStillGetIn() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("ops.refusals.capacity", String.valueOf(CAPACITY));
        props.put("ops.watch.interval-ms", "200");
        try (PackRunner pack = PackRunner.start(props)) {
            OpsWatch watch = pack.context().getRegistry().lookupByNameAndType("opsWatch", OpsWatch.class);
            byte[] body = Samples.bytes("client.contract.accepted");
            HttpClient http = HttpClient.newHttpClient();
            Semaphore inFlight = new Semaphore(32);
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                Map<String, String> forged = Signer.headers("whsec_" + "QUJDREVGR0hJSktMTU5PUA==", Signer.newMessageId(), body);
                HttpRequest.Builder b = HttpRequest.newBuilder(pack.webhookUri()).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
                forged.forEach(b::header);
                inFlight.acquire();
                answers.add(http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> inFlight.release()).thenApply(HttpResponse::statusCode));
                if (i % 1000 == 0) {
                    assertTrue(watch.refusals().size() <= CAPACITY, "memory bounded during the storm");
                }
            }
            for (CompletableFuture<Integer> a : answers) {
                assertEquals(401, a.get());
            }
            assertEquals(CAPACITY, watch.refusals().size(), "the newest ids, no more");
            assertTrue(watch.refusals().droppedTotal() >= 10_000 - CAPACITY);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(CAPACITY, watch.table().count()));

            assertEquals(202, pack.postSigned(body).statusCode(), "a real event still gets in");
            assertTrue(watch.table().count() <= CAPACITY);
        }
    }
}

package io.routepack.yunojuno.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code dispatch.enabled=false}: an instance that only receives, verifies, stores and acknowledges. Its events
 * wait in the inbox (no delivery, no HR row) while it reports ready, and an instance with dispatch enabled on the
 * same store takes them through its inbox recovery and delivers them once.
 */
class DispatchDisabledTest {

    @Test
    void eventsWaitInTheInboxUntilAnInstanceWithDispatchTakesThem() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("dispatch.enabled", "false");
        props.put("dispatch.recovery-grace-seconds", "1");
        byte[] body = Samples.bytes("client.contract.accepted");
        String id = Signer.newMessageId();

        try (PackRunner ingestOnly = PackRunner.start(props)) {
            HttpResponse<String> r = ingestOnly.post(body, Signer.headers(PackRunner.SECRET, id, body));
            assertEquals(202, r.statusCode(), r.body());
            assertEquals("received", Db.inboxStatus(ingestOnly.storeDataSource(), id));
            assertEquals(200, PackRunner.send(HttpRequest.newBuilder(ingestOnly.managementUri("/observe/health/ready")).build())
                    .statusCode(), "an ingest-only instance is ready for webhooks");
            // Several recovery intervals and grace periods: still nothing dispatched or delivered.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> "received".equals(Db.inboxStatus(ingestOnly.storeDataSource(), id)));
            assertEquals(0, Db.count(ingestOnly.storeDataSource(), "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id));
            assertEquals(0, Db.count(ingestOnly.hrisDataSource(), "SELECT COUNT(*) FROM contract_event WHERE message_id = ?", id));
        }

        props.put("dispatch.enabled", "true");
        try (PackRunner dispatching = PackRunner.start(props)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(Db.deliveryStatus(dispatching.storeDataSource(), id, "hris")));
            assertEquals("dispatched", Db.inboxStatus(dispatching.storeDataSource(), id));
            assertEquals(1, Db.count(dispatching.hrisDataSource(), "SELECT COUNT(*) FROM contract_event WHERE message_id = ?", id));
            assertEquals(1, Db.count(dispatching.storeDataSource(), "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id));
        }
    }
}

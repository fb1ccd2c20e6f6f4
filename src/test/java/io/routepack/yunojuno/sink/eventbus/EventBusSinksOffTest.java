package io.routepack.yunojuno.sink.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without a broker configured (the default) the event-bus sinks do not exist and the other sinks are unaffected. */
class EventBusSinksOffTest {

    @Test
    void unconfiguredBrokersMeanNoEventBusSinks() {
        try (PackRunner pack = PackRunner.start(PackRunner.defaults(TestDatabase.H2.create()))) {
            assertNull(pack.context().getRoute("sink-rabbitmq"));
            assertNull(pack.context().getRoute("sink-kafka"));
            byte[] body = Samples.bytes("client.contract.accepted");
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "hris")));
            assertEquals(0, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?"
                    + " AND sink IN ('kafka', 'rabbitmq')", id));
        }
    }
}

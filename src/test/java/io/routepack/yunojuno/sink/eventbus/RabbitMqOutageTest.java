package io.routepack.yunojuno.sink.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.RabbitQueue;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TcpProxy;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ goes away (a proxy between the pack and the machine's server is cut, so other tests keep the server)
 * while events arrive: ingest still answers 2xx, the other sinks deliver, the rabbitmq deliveries wait as
 * {@code retrying}, and once the proxy is back each event is published exactly once. A wrong password is a
 * failed attempt whose error names the keys to check.
 */
class RabbitMqOutageTest {

    private RabbitQueue rabbit;
    private TcpProxy proxy;
    private PackRunner pack;

    @AfterEach
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void eventsSentWhileTheBrokerIsUnreachableArePublishedOnceItIsBack() {
        rabbit = RabbitQueue.create();
        proxy = new TcpProxy(RabbitQueue.HOST, RabbitQueue.PORT);
        pack = PackRunner.start(props("127.0.0.1:" + proxy.port()));

        String first = post("client.contract.approved");
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(status(first)));

        proxy.cut();
        List<String> during = new ArrayList<>();
        for (String sample : List.of("client.contract.accepted", "client.contract.offered", "client.client_contact.created")) {
            during.add(post(sample));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> during.stream().allMatch(id -> "retrying".equals(status(id))));
        String contract = during.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(
                Db.deliveryStatus(pack.storeDataSource(), contract, "hris")));
        assertFalse(rabbit.drain().stream().anyMatch(r -> during.contains(r.getProps().getMessageId())));

        proxy.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> during.stream().allMatch(id -> "delivered".equals(status(id))));
        List<String> ids = rabbit.drain().stream().map(GetResponse::getProps).map(p -> p.getMessageId()).toList();
        for (String id : during) {
            assertEquals(1, ids.stream().filter(id::equals).count(), "published once: " + id);
        }
    }

    @Test
    void aWrongPasswordIsAFailedAttemptNamingTheKeys() {
        rabbit = RabbitQueue.create();
        Map<String, String> props = props(RabbitQueue.HOST + ":" + RabbitQueue.PORT);
        props.put("rabbitmq.password", "not-the-password");
        pack = PackRunner.start(props);

        String id = post("client.contract.approved");
        await().atMost(Duration.ofSeconds(30)).until(() -> "retrying".equals(status(id)));
        String error = String.valueOf(Db.delivery(pack.storeDataSource(), id, "rabbitmq").get("last_error"));
        assertTrue(error.contains("rabbitmq.username and rabbitmq.password"), error);
        assertFalse(error.contains("not-the-password"), error);
        assertEquals(List.of(), rabbit.drain());
    }

    private Map<String, String> props(String addresses) {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("rabbitmq.addresses", addresses);
        props.put("rabbitmq.exchange", rabbit.exchange());
        return props;
    }

    private String post(String sample) {
        byte[] body = Samples.bytes(sample);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    private String status(String id) {
        return Db.deliveryStatus(pack.storeDataSource(), id, "rabbitmq");
    }
}

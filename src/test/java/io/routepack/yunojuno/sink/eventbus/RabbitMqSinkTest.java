package io.routepack.yunojuno.sink.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.RabbitQueue;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rabbitmq sink against the machine's real RabbitMQ: each sample event is published once to the topic
 * exchange with its AMQP properties and CloudEvents headers, and a svix-id sent ten times is published once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqSinkTest {

    private RabbitQueue rabbit;
    private PackRunner pack;

    @BeforeAll
    void start() {
        rabbit = RabbitQueue.create();
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("rabbitmq.addresses", RabbitQueue.HOST + ":" + RabbitQueue.PORT);
        props.put("rabbitmq.exchange", rabbit.exchange());
        pack = PackRunner.start(props);
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void eachSampleEventArrivesOnceWithItsPropertiesAndCloudEventHeaders() {
        Map<String, byte[]> sent = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String sample : Samples.all()) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode(), sample);
            sent.put(id, body);
            types.put(id, eventType(body));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sent.keySet().stream()
                .allMatch(id -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "rabbitmq"))));

        Map<String, GetResponse> received = new LinkedHashMap<>();
        for (GetResponse r : rabbit.drain()) {
            GetResponse before = received.put(r.getProps().getMessageId(), r);
            assertEquals(null, before, "published twice: " + r.getProps().getMessageId());
        }
        assertEquals(sent.keySet(), received.keySet());
        for (Map.Entry<String, byte[]> e : sent.entrySet()) {
            String id = e.getKey();
            GetResponse r = received.get(id);
            AMQP.BasicProperties p = r.getProps();
            String type = types.get(id);
            assertArrayEquals(e.getValue(), r.getBody(), "body is the event JSON as received: " + type);
            assertEquals(type, r.getEnvelope().getRoutingKey());
            assertEquals(type, p.getType());
            assertEquals("application/json", p.getContentType());
            assertEquals(2, p.getDeliveryMode(), "persistent");
            Map<String, Object> h = p.getHeaders();
            assertEquals("1.0", String.valueOf(h.get("ce_specversion")));
            assertEquals(id, String.valueOf(h.get("ce_id")));
            assertEquals("yunojuno", String.valueOf(h.get("ce_source")));
            assertEquals(type, String.valueOf(h.get("ce_type")));
            assertEquals(CloudEventHeaders.objectId(new String(e.getValue(), StandardCharsets.UTF_8)),
                    String.valueOf(h.get("ce_subject")));
            assertNotNull(h.get("ce_subject"), type);
            Instant.parse(String.valueOf(h.get("ce_time")));
            String written = String.valueOf(Db.delivery(pack.storeDataSource(), id, "rabbitmq").get("written"));
            assertTrue(written.contains("\"exchange\":\"" + r.getEnvelope().getExchange() + "\"")
                    && written.contains("\"routing_key\":\"" + type + "\""), "the ledger names where it went: " + written);
        }
    }

    @Test
    void theSameSvixIdSentTenTimesIsPublishedOnce() throws Exception {
        byte[] body = Samples.bytes("client.contract.approved");
        String id = Signer.newMessageId();
        Map<String, String> headers = Signer.headers(PackRunner.SECRET, id, body);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> pack.post(body, headers).statusCode()));
            }
            for (Future<Integer> a : answers) {
                assertTrue(a.get() / 100 == 2, "2xx, got " + a.get());
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(pack.post(body, headers).statusCode() / 100 == 2);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "rabbitmq")));
        long copies = rabbit.drain().stream().filter(r -> id.equals(r.getProps().getMessageId())).count();
        assertEquals(1, copies);
        assertEquals(1, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?"
                + " AND sink = 'rabbitmq'", id));
    }

    private static String eventType(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        int at = json.indexOf("\"event_type\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }
}

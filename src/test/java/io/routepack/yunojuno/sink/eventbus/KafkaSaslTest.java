package io.routepack.yunojuno.sink.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.KafkaBroker;
import io.routepack.yunojuno.support.KafkaRecords;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kafka sink's security keys against a broker listener that asks for a SASL/PLAIN login: a wrong password is a
 * failed attempt whose error names the keys to check; the right one publishes the event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSaslTest {

    private KafkaBroker broker;
    private PackRunner pack;

    @BeforeAll
    void startBroker() {
        broker = new KafkaBroker().start();
    }

    @AfterEach
    void stopPack() {
        if (pack != null) {
            pack.close();
            pack = null;
        }
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aWrongPasswordIsAFailedAttemptNamingTheKeys() {
        pack = PackRunner.start(props("not-the-k4fka-password"));

        String id = post();
        await().atMost(Duration.ofSeconds(60)).until(() -> "retrying".equals(Db.deliveryStatus(pack.storeDataSource(), id, "kafka")));
        String error = String.valueOf(Db.delivery(pack.storeDataSource(), id, "kafka").get("last_error"));
        assertTrue(error.contains("kafka.sasl-mechanism and kafka.sasl-jaas-config"), error);
    }

    @Test
    void theRightLoginPublishesTheEvent() {
        String topic = "yunojuno.sasl." + System.nanoTime();
        Map<String, String> props = props(KafkaBroker.SASL_PASSWORD);
        props.put("kafka.topic", topic);
        pack = PackRunner.start(props);

        String id = post();
        await().atMost(Duration.ofSeconds(60)).until(() -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "kafka")));
        try (KafkaRecords records = new KafkaRecords(broker.bootstrapServers(), topic)) {
            List<ConsumerRecord<String, byte[]>> got = await().atMost(Duration.ofSeconds(60)).until(records::poll, r -> !r.isEmpty());
            assertEquals(1, got.size());
            assertArrayEquals(Samples.bytes("client.contract.approved"), got.get(0).value());
        }
    }

    private Map<String, String> props(String password) {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("kafka.bootstrap-servers", broker.saslBootstrapServers());
        props.put("kafka.security-protocol", "SASL_PLAINTEXT");
        props.put("kafka.sasl-mechanism", "PLAIN");
        props.put("kafka.sasl-jaas-config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaBroker.SASL_USER + "\" password=\"" + password + "\";");
        return props;
    }

    private String post() {
        byte[] body = Samples.bytes("client.contract.approved");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }
}

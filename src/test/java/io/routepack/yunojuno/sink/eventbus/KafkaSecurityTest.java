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
 * The kafka sink's security keys against one broker with a SASL/PLAIN listener and a TLS listener (self-signed
 * certificate): a wrong password, or a certificate the pack does not trust, is a failed attempt whose error names
 * the keys to check; the right login, or the certificate in the trust store, publishes the event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSecurityTest {

    private static final String SAMPLE = "client.contract.approved";

    private KafkaBroker broker;
    private PackRunner pack;

    @BeforeAll
    void startBroker() {
        broker = new KafkaBroker().withTls().start();
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
    void aWrongPasswordIsAFailedAttemptNamingTheSaslKeys() {
        assertRetryingNaming(sasl("not-the-k4fka-password"), "kafka.sasl-mechanism and kafka.sasl-jaas-config");
    }

    @Test
    void theRightLoginPublishesTheEvent() {
        assertPublished(sasl(KafkaBroker.SASL_PASSWORD));
    }

    @Test
    void anUntrustedCertificateIsAFailedAttemptNamingTheTrustStoreKeys() {
        assertRetryingNaming(tls(), "kafka.ssl-truststore-location and kafka.ssl-truststore-password");
    }

    @Test
    void theBrokersCertificateInTheTrustStorePublishesTheEvent() {
        Map<String, String> props = tls();
        props.put("kafka.ssl-truststore-location", broker.truststore().toString());
        props.put("kafka.ssl-truststore-password", KafkaBroker.STORE_PASSWORD);
        assertPublished(props);
    }

    private Map<String, String> sasl(String password) {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("kafka.bootstrap-servers", broker.saslBootstrapServers());
        props.put("kafka.security-protocol", "SASL_PLAINTEXT");
        props.put("kafka.sasl-mechanism", "PLAIN");
        props.put("kafka.sasl-jaas-config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaBroker.SASL_USER + "\" password=\"" + password + "\";");
        return props;
    }

    private Map<String, String> tls() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("kafka.bootstrap-servers", broker.tlsBootstrapServers());
        props.put("kafka.security-protocol", "SSL");
        return props;
    }

    private void assertRetryingNaming(Map<String, String> props, String keys) {
        pack = PackRunner.start(props);
        String id = post();
        await().atMost(Duration.ofSeconds(60)).until(() -> "retrying".equals(Db.deliveryStatus(pack.storeDataSource(), id, "kafka")));
        String error = String.valueOf(Db.delivery(pack.storeDataSource(), id, "kafka").get("last_error"));
        assertTrue(error.contains(keys), error);
    }

    private void assertPublished(Map<String, String> props) {
        String topic = "yunojuno.security." + System.nanoTime();
        props.put("kafka.topic", topic);
        pack = PackRunner.start(props);
        String id = post();
        await().atMost(Duration.ofSeconds(60)).until(() -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "kafka")));
        try (KafkaRecords records = new KafkaRecords(broker.bootstrapServers(), topic)) {
            List<ConsumerRecord<String, byte[]>> got = await().atMost(Duration.ofSeconds(60)).until(records::poll, r -> !r.isEmpty());
            assertEquals(1, got.size());
            assertArrayEquals(Samples.bytes(SAMPLE), got.get(0).value());
        }
    }

    private String post() {
        byte[] body = Samples.bytes(SAMPLE);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }
}

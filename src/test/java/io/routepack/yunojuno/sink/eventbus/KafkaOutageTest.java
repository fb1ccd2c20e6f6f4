package io.routepack.yunojuno.sink.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.KafkaBroker;
import io.routepack.yunojuno.support.KafkaRecords;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka is unavailable while events arrive: ingest answers 2xx, the hris sink delivers, the kafka deliveries wait
 * as {@code retrying}; once the broker is up each event is one record.
 */
class KafkaOutageTest {

    private KafkaBroker broker;
    private PackRunner pack;

    @AfterEach
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventsSentWhileTheBrokerIsUnavailableAreEachPublishedOnceItIsUp() {
        broker = new KafkaBroker();
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("kafka.bootstrap-servers", broker.bootstrapServers());
        pack = PackRunner.start(props);

        List<String> ids = new ArrayList<>();
        for (String sample : List.of("client.contract.accepted", "client.contract.offered", "client.client_contact.created")) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            ids.add(id);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> "retrying".equals(status(id))));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "hris"))));

        broker.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> "delivered".equals(status(id))));
        try (KafkaRecords topic = new KafkaRecords(broker.bootstrapServers(), "yunojuno.events")) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                    .until(topic::poll, r -> r.size() >= ids.size());
            List<String> published = records.stream()
                    .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).sorted().toList();
            assertEquals(ids.stream().sorted().toList(), published, "each event once");
        }
    }

    private String status(String id) {
        return Db.deliveryStatus(pack.storeDataSource(), id, "kafka");
    }
}

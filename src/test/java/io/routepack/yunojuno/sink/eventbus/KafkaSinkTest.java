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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kafka sink against a real single-node KRaft broker: a consumer reads back every sample event once, with
 * the object id as key, the stored JSON as value and the CloudEvents headers, and one contract's events share
 * one partition (the topic has three).
 */
class KafkaSinkTest {

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
    void everySampleIsOneRecordWithItsKeyValueAndCloudEventHeaders() {
        broker = new KafkaBroker().start();
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("kafka.bootstrap-servers", broker.bootstrapServers());
        pack = PackRunner.start(props);

        Map<String, byte[]> sent = new LinkedHashMap<>();
        for (String sample : Samples.all()) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode(), sample);
            sent.put(id, body);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> sent.keySet().stream()
                .allMatch(id -> "delivered".equals(Db.deliveryStatus(pack.storeDataSource(), id, "kafka"))));

        try (KafkaRecords topic = new KafkaRecords(broker.bootstrapServers(), "yunojuno.events")) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                    .until(topic::poll, r -> r.size() >= sent.size());
            assertEquals(sent.size(), records.size(), "one record per event");
            Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                String id = header(r, "ce_id");
                assertTrue(seen.add(id), "published twice: " + id);
                byte[] body = sent.get(id);
                String json = new String(body, StandardCharsets.UTF_8);
                String objectId = CloudEventHeaders.objectId(json);
                assertArrayEquals(body, r.value(), "value is the event JSON as received");
                assertEquals(objectId, r.key());
                assertEquals("1.0", header(r, "ce_specversion"));
                assertEquals("yunojuno", header(r, "ce_source"));
                assertTrue(json.contains("\"event_type\": \"" + header(r, "ce_type") + "\""), header(r, "ce_type"));
                assertEquals(objectId, header(r, "ce_subject"));
                Instant.parse(header(r, "ce_time"));
                assertEquals("application/json", header(r, "content-type"));
                assertEquals(null, r.headers().lastHeader("YunoJunoMessageId"), "the pack's own headers stay inside");
                partitionsByKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
                String written = String.valueOf(Db.delivery(pack.storeDataSource(), id, "kafka").get("written"));
                assertTrue(written.contains("\"topic\":\"yunojuno.events\"") && written.contains("\"partition\":" + r.partition())
                        && written.contains("\"offset\":" + r.offset()), "the ledger names the record's place: " + written);
            }
            assertEquals(sent.keySet(), seen);
            assertTrue(partitionsByKey.get("ct_c5m9rx2wq8tk4vn6bd1hz7jl3").size() == 1, "one contract, one partition");
            partitionsByKey.forEach((key, partitions) -> assertEquals(1, partitions.size(), key));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

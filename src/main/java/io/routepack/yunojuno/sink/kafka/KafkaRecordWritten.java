package io.routepack.yunojuno.sink.kafka;

import io.routepack.yunojuno.delivery.Written;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The audit trail of a Kafka delivery: where the broker put the record (topic, partition, offset). */
public final class KafkaRecordWritten {

    private KafkaRecordWritten() {
    }

    public static void note(Exchange exchange) {
        List<?> metadata = exchange.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META, List.class);
        if (metadata == null || metadata.isEmpty() || !(metadata.get(0) instanceof RecordMetadata record)) {
            return;
        }
        Written.note(exchange, "broker", "kafka");
        Written.note(exchange, "topic", record.topic());
        Written.note(exchange, "partition", record.partition());
        Written.note(exchange, "offset", record.offset());
    }
}

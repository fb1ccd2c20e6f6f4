package io.routepack.yunojuno.sink.eventbus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.Headers;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The CloudEvents attributes of an event for the event-bus sinks (binary mode: attributes as {@code ce_*}
 * headers, the event JSON as the payload), and the key that keeps one object's events together: the id of
 * the object the event is about ({@code data.object.contract_id}, {@code client_contact_id} or
 * {@code spend_request_id}), or the svix-id when the event has none.
 */
public final class CloudEventHeaders {

    /** Header holding the message key (Kafka record key) for the sink route. */
    public static final String KEY = "YunoJunoEventKey";
    public static final String SPEC_VERSION = "1.0";

    private static final List<String> OBJECT_IDS = List.of("contract_id", "client_contact_id", "spend_request_id");
    private static final ObjectMapper JSON = new ObjectMapper();

    private String source = "yunojuno";

    /** The {@code ce_source} of every event (a URI-reference naming the producer). */
    public void setSource(String source) {
        this.source = source;
    }

    /** Puts the {@code ce_*} headers and {@link #KEY} on the exchange's message; the body is left as it is. */
    public void addTo(Exchange exchange) {
        Message m = exchange.getMessage();
        String messageId = m.getHeader(Headers.MESSAGE_ID, String.class);
        String objectId = objectId(m.getBody(String.class));
        attributes(messageId, m.getHeader(Headers.EVENT_TYPE, String.class), objectId,
                m.getHeader(Headers.RECEIVED_AT, Instant.class)).forEach(m::setHeader);
        m.setHeader(KEY, objectId != null ? objectId : messageId);
    }

    /** The attributes in header order; {@code ce_subject} only when there is an object id, {@code ce_time} only with a time. */
    public Map<String, String> attributes(String messageId, String eventType, String objectId, Instant receivedAt) {
        Map<String, String> ce = new LinkedHashMap<>();
        ce.put("ce_specversion", SPEC_VERSION);
        ce.put("ce_id", messageId);
        ce.put("ce_source", source);
        ce.put("ce_type", eventType);
        if (objectId != null) {
            ce.put("ce_subject", objectId);
        }
        if (receivedAt != null) {
            ce.put("ce_time", DateTimeFormatter.ISO_INSTANT.format(receivedAt));
        }
        return ce;
    }

    /** The id of the object an event is about, or null when the JSON names none (or is not JSON). */
    public static String objectId(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode object = JSON.readTree(json).path("data").path("object");
            for (String field : OBJECT_IDS) {
                JsonNode id = object.get(field);
                if (id != null && id.isTextual() && !id.asText().isBlank()) {
                    return id.asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}

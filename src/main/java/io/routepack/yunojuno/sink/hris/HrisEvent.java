package io.routepack.yunojuno.sink.hris;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One delivery as the HR sink reads it: the envelope headers and the payload's {@code data.object}
 * and {@code data.changes}. Reading is tolerant: unknown keys are ignored, numbers stay exact.
 */
record HrisEvent(String messageId, String eventType, Instant receivedAt, JsonNode object, JsonNode changes) {

    /** Numbers as BigDecimal, never double: money must stay exact. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A custom field touched by a {@code *.custom_fields_updated} event; values as text, null when absent. */
    record FieldChange(String name, String oldValue, String newValue) {
    }

    /** The event as stored (svix-id, event type, time received, JSON body); received now if the time is missing. */
    static HrisEvent of(String messageId, String eventType, Instant receivedAt, String body, Clock clock) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentDeliveryException("event " + messageId + " is not JSON");
        }
        JsonNode data = root == null ? MissingNode.getInstance() : root.path("data");
        JsonNode object = data.path("object");
        if (!object.isObject()) {
            throw new PermanentDeliveryException("event " + messageId + " (" + eventType + ") has no data.object");
        }
        return new HrisEvent(messageId, eventType, receivedAt != null ? receivedAt : clock.instant(), object,
                data.path("changes"));
    }

    /** A required id of {@code data.object}; without it the event cannot be filed anywhere. */
    String requiredId(String field) {
        JsonNode id = object.path(field);
        if (!id.isValueNode() || id.isNull() || id.asText().isBlank()) {
            throw new PermanentDeliveryException("event " + messageId + " (" + eventType + ") has no data.object." + field);
        }
        return id.asText();
    }

    /** The last part of the event type: {@code client.contract.notice_served} -> {@code notice_served}. */
    String action() {
        return eventType == null ? "" : eventType.substring(eventType.lastIndexOf('.') + 1);
    }

    /** The fields listed in {@code data.changes.fields}; one entry per field name (the last wins). */
    List<FieldChange> fieldChanges() {
        Map<String, FieldChange> out = new LinkedHashMap<>();
        for (JsonNode f : changes.path("fields")) {
            JsonNode name = f.path("name");
            if (name.isValueNode() && !name.isNull() && !name.asText().isEmpty()) {
                out.put(name.asText(), new FieldChange(name.asText(), changedValue(f.path("old")), changedValue(f.path("new"))));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** {@code {"value": ...}} or a bare value; null, absent or a null value -> null. Non-text values as JSON. */
    private static String changedValue(JsonNode side) {
        JsonNode v = side.isObject() ? side.path("value") : side;
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}

package io.routepack.yunojuno.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The redacted form of an event body, kept once retention is done with the event (docs/privacy.md,
 * "Redaction rules"). Text is kept only where it is an id, an event type, a state, a date or an amount;
 * every other text value (names, emails, dates of birth, titles, descriptions, URLs, custom-field names
 * and values) is removed. Numbers, booleans and nulls stay. The structure is kept, so the tombstone still
 * shows what kind of event it was and which objects it was about.
 */
public final class Redactor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Text fields kept besides ids ({@code *_id}), states ({@code *_state}) and dates ({@code *_date}, {@code *_at}). */
    private static final Set<String> KEPT_TEXT = Set.of("event_type", "api_version", "mode", "status", "currency",
            "amount", "amount_type", "unit", "percentage", "country_code", "work_location", "work_time_type",
            "effective_from");
    /** Arrays whose text elements are ids. */
    private static final Set<String> ID_ARRAYS = Set.of("renewal_chain");

    private Redactor() {
    }

    /** The redacted form of a JSON body; a body that is not JSON becomes {@code {}}. */
    public static String redact(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isContainerNode()) {
                return "{}";
            }
            redact(tree);
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            return "{}";
        }
    }

    /** True when a text value under this key survives redaction ({@code parent} is the object holding it). */
    static boolean kept(String key, ObjectNode parent) {
        if (key.equals("date_of_birth")) {
            return false;
        }
        return key.equals("id") || key.endsWith("_id") || key.endsWith("_state") || key.endsWith("_date")
                || key.endsWith("_at") || KEPT_TEXT.contains(key)
                // a money value: {"currency": "GBP", "value": "68.75"}
                || key.equals("value") && parent.has("currency");
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    if (!kept(field.getKey(), object)) {
                        fields.remove();
                    }
                } else if (value.isArray() && ID_ARRAYS.contains(field.getKey())) {
                    keepTextOnly((ArrayNode) value);
                } else {
                    redact(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).isTextual()) {
                    array.remove(i);
                } else {
                    redact(array.get(i));
                }
            }
        }
    }

    private static void keepTextOnly(ArrayNode array) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (!array.get(i).isTextual()) {
                array.remove(i);
            }
        }
    }
}

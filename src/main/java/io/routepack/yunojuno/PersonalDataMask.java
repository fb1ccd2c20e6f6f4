package io.routepack.yunojuno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks personal data in event payloads and in free text before an operator sees it: e-mail
 * addresses, dates of birth and people's names. Ids, amounts and states stay readable.
 */
public final class PersonalDataMask {

    static final String MASK = "***";
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Set<String> PERSONAL_FIELDS = Set.of("email", "date_of_birth", "first_name", "last_name",
            "full_name", "legal_name");

    private PersonalDataMask() {
    }

    /** Masks e-mail addresses in free text (error messages, log lines). */
    public static String maskText(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll(MASK);
    }

    /** Masks personal fields anywhere in a JSON tree, in place, and returns it. */
    public static JsonNode maskJson(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    field.setValue(object.textNode(PERSONAL_FIELDS.contains(field.getKey()) ? MASK : maskText(value.asText())));
                } else {
                    maskJson(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, array.textNode(maskText(value.asText())));
                } else {
                    maskJson(value);
                }
            }
        }
        return node;
    }
}

package io.routepack.yunojuno.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The audit trail of one delivery: sink steps note what they wrote, ids and counts only,
 * and the ledger stores it with the delivered delivery ({@code webhook_delivery.written}), shown by the event view.
 */
public final class Written {

    /** Exchange variable holding what the sink wrote. */
    static final String VARIABLE = "deliveryWritten";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Written() {
    }

    /** Adds one fact to the delivery's record. */
    @SuppressWarnings("unchecked")
    public static void note(Exchange exchange, String name, Object value) {
        if (value == null) {
            return;
        }
        Map<String, Object> facts = exchange.getVariable(VARIABLE, Map.class);
        if (facts == null) {
            facts = new LinkedHashMap<>();
            exchange.setVariable(VARIABLE, facts);
        }
        facts.put(name, value);
    }

    /** What the sink noted, as JSON (at most 1000 characters), or null. */
    static String of(Exchange exchange) {
        Object facts = exchange.getVariable(VARIABLE);
        if (facts == null) {
            return null;
        }
        try {
            String json = JSON.writeValueAsString(facts);
            return json.length() > 1000 ? json.substring(0, 1000) : json;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

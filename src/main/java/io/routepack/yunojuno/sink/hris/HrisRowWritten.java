package io.routepack.yunojuno.sink.hris;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.delivery.Written;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The audit trail of an HR database delivery: which table and key, and the writer's outcome. */
public final class HrisRowWritten {

    private HrisRowWritten() {
    }

    /** Notes the table, the key and the outcome (applied, unchanged, late, duplicate). */
    public static void note(Exchange exchange) {
        Message m = exchange.getMessage();
        boolean contract = String.valueOf(m.getHeader(Headers.EVENT_TYPE)).startsWith("client.contract.");
        String key = contract ? "contract_id" : "client_contact_id";
        Written.note(exchange, "table", contract ? "contract_record" : "contractor_onboarding");
        Written.note(exchange, "key", key + "=" + object(m.getBody(String.class)).path(key).asText(null));
        Written.note(exchange, "outcome", m.getHeader("YunoJunoHrisOutcome", String.class));
    }

    private static JsonNode object(String body) {
        try {
            return HrisEvent.JSON.readTree(body == null ? "{}" : body).path("data").path("object");
        } catch (JsonProcessingException e) {
            return HrisEvent.JSON.createObjectNode();
        }
    }
}

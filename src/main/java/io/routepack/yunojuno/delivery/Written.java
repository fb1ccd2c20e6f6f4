package io.routepack.yunojuno.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.Headers;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The audit trail of one delivery (bean {@code written}): sink steps note what they wrote, ids and counts only,
 * and the ledger stores it with the delivered delivery ({@code webhook_delivery.written}), shown by the event view.
 */
public final class Written {

    /** Exchange variable holding what the sink wrote. */
    static final String VARIABLE = "deliveryWritten";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Written() {
    }

    /** The HR database: which table and key, and the writer's outcome (applied, unchanged, late, duplicate). */
    public static void hris(Exchange exchange) {
        Message m = exchange.getMessage();
        boolean contract = String.valueOf(m.getHeader(Headers.EVENT_TYPE)).startsWith("client.contract.");
        String key = contract ? "contract_id" : "client_contact_id";
        JsonNode object = parse(m.getBody(String.class)).path("data").path("object");
        note(exchange, "table", contract ? "contract_record" : "contractor_onboarding");
        note(exchange, "key", key + "=" + object.path(key).asText(null));
        note(exchange, "outcome", m.getHeader("YunoJunoHrisOutcome", String.class));
    }

    /** A composed mail (the body): its Message-ID and how many recipients it has. */
    public static void mail(Exchange exchange) throws MessagingException {
        MimeMessage mail = exchange.getMessage().getBody(MimeMessage.class);
        note(exchange, "message_id", mail.getMessageID());
        note(exchange, "recipients", mail.getAllRecipients() == null ? 0 : mail.getAllRecipients().length);
    }

    /** A finance document sent: its id (the idempotency key, and the file name when written to the outbox) and the HTTP status. */
    public static void finance(Exchange exchange) {
        Message m = exchange.getMessage();
        note(exchange, "document_id", m.getHeader("Idempotency-Key", String.class));
        note(exchange, "file", m.getHeader(Exchange.FILE_NAME_PRODUCED, String.class) == null ? null
                : m.getHeader(Exchange.FILE_NAME, String.class));
        note(exchange, "http_status", m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
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

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null ? "{}" : body);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}

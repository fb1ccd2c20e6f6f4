package io.routepack.yunojuno.sink.finance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.BoundedDecimal;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * A spend requisition read from a {@code client.spend_request.*} event ({@code data.object}). Parsed
 * tolerantly (unknown keys ignored, optional ones may be missing or null); the amount is kept as the
 * {@link BigDecimal} of its decimal string, never a float, and bounded ({@link BoundedDecimal}). A payload without id, amount or a valid
 * currency can never be delivered, so it raises a {@link PermanentDeliveryException}.
 */
public record SpendRequest(String eventType, String id, String externalId, String title, String description,
        BigDecimal amount, String amountType, String currency, String url, String approvalFlowId,
        String currentApprovalStepId, List<CustomField> customFields) {

    /** One custom field; {@code value} is the JSON value as text (a string in every documented example). */
    public record CustomField(String name, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the event JSON (the whole envelope). */
    public static SpendRequest parse(String eventJson) {
        JsonNode root;
        try {
            root = JSON.readTree(eventJson);
        } catch (IOException e) {
            throw new PermanentDeliveryException("event body is not JSON", e);
        }
        JsonNode o = root.path("data").path("object");
        String id = text(o, "spend_request_id");
        if (id.isEmpty()) {
            throw new PermanentDeliveryException("spend requisition without data.object.spend_request_id");
        }
        BigDecimal amount = BoundedDecimal.parse(text(o, "amount"), "spend requisition " + id + " amount");
        String currency = text(o, "currency");
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException("spend requisition " + id + " has an unknown currency code");
        }
        List<CustomField> fields = new ArrayList<>();
        for (JsonNode f : o.path("custom_fields")) {
            JsonNode v = f.get("value");
            fields.add(new CustomField(text(f, "name"), v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString()));
        }
        JsonNode flow = o.path("approval_flow");
        return new SpendRequest(text(root, "event_type"), id, text(o, "external_id"), text(o, "title"), text(o, "description"),
                amount, text(o, "amount_type"), currency, text(o, "url"), text(flow, "approval_flow_id"),
                text(flow.path("current_approval_step"), "approval_step_id"), List.copyOf(fields));
    }

    /** The event name after {@code client.spend_request.}: created, updated or approved. */
    public String action() {
        return eventType.substring(eventType.lastIndexOf('.') + 1);
    }

    /** Empty string for a missing or null key, so templates and JSON never see a null. */
    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
    }
}

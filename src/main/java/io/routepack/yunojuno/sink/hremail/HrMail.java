package io.routepack.yunojuno.sink.hremail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.mail.TemplatedMail;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HR notification of a contract event: a new starter ({@code client.contract.accepted}) or a leaver
 * ({@code client.contract.notice_served}, {@code client.contract.cancelled}). Off unless
 * {@code hr.notify.to} names someone. The mail holds personal data for HR; it is never logged.
 */
public final class HrMail extends TemplatedMail {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected String sink() {
        return "hr-email";
    }

    @Override
    protected String recipientsProperty() {
        return "hr.notify.to";
    }

    @Override
    protected String subjectProperty() {
        return "hr.email.subject";
    }

    /** True when HR recipients are configured (the sink's route exists only then). */
    public boolean isEnabled() {
        return recipients().length > 0;
    }

    @Override
    protected Map<String, Object> model(Exchange exchange) {
        Message m = exchange.getMessage();
        String type = m.getHeader(Headers.EVENT_TYPE, String.class);
        String kind;
        String headline;
        switch (type == null ? "" : type) {
            case "client.contract.accepted" -> {
                kind = "starter";
                headline = "New starter";
            }
            case "client.contract.notice_served" -> {
                kind = "leaver";
                headline = "Leaver (notice served)";
            }
            case "client.contract.cancelled" -> {
                kind = "leaver";
                headline = "Leaver (contract cancelled before its start)";
            }
            default -> throw new PermanentDeliveryException("hr-email only mails contract accepted, notice_served and"
                    + " cancelled events, not " + type);
        }
        if (!isEnabled()) {
            throw new PermanentDeliveryException("hr-email has no recipients: set hr.notify.to");
        }
        JsonNode o;
        try {
            o = JSON.readTree(m.getBody(String.class)).path("data").path("object");
        } catch (IOException e) {
            throw new PermanentDeliveryException("event body is not JSON", e);
        }
        if (text(o, "contract_id").isEmpty()) {
            throw new PermanentDeliveryException("contract event without data.object.contract_id");
        }
        JsonNode freelancer = o.path("freelancer");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", kind);
        model.put("headline", headline);
        model.put("contractor_name", text(freelancer, "full_name"));
        model.put("contractor_legal_name", text(freelancer, "legal_name"));
        model.put("contractor_email", text(freelancer, "email"));
        model.put("freelancer_id", text(freelancer, "freelancer_id"));
        model.put("client_name", text(o.path("client"), "name"));
        model.put("contract_title", text(o, "title"));
        model.put("job_title", text(o, "job_title"));
        model.put("start_date", text(o, "start_date"));
        model.put("end_date", text(o, "end_date"));
        model.put("actual_end_date", text(o, "actual_end_date"));
        model.put("notice_period_days", text(o, "notice_period_days"));
        model.put("work_location", text(o, "work_location"));
        model.put("work_time_type", text(o, "work_time_type"));
        model.put("contract_id", text(o, "contract_id"));
        model.put("url", text(o, "url"));
        model.put("directory_url", text(o.path("client_contact"), "url"));
        List<Map<String, String>> hirers = new ArrayList<>();
        for (JsonNode h : o.path("hirers")) {
            hirers.add(Map.of("full_name", text(h, "full_name"), "email", text(h, "email")));
        }
        model.put("hirers", hirers);
        model.put("custom_fields", fields(o.path("custom_fields")));
        model.put("contractor_custom_fields", fields(o.path("client_contact").path("custom_fields")));
        model.put("svix_id", String.valueOf(m.getHeader(Headers.MESSAGE_ID, String.class)));
        model.put("event_type", type);
        Instant received = m.getHeader(Headers.RECEIVED_AT, Instant.class);
        model.put("received_at", received == null ? "" : received.truncatedTo(ChronoUnit.MILLIS).toString());
        return model;
    }

    private static List<Map<String, String>> fields(JsonNode array) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode f : array) {
            JsonNode v = f.get("value");
            out.add(Map.of("name", text(f, "name"),
                    "value", v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString()));
        }
        return out;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
    }
}

package io.routepack.yunojuno.sink.financesystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.sink.finance.Money;
import io.routepack.yunojuno.sink.finance.SpendRequest;
import io.routepack.yunojuno.sink.mail.TemplatedMail;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The document the finance system receives for a spend requisition event: a stable JSON shape
 * (schema {@value #SCHEMA}, documented in docs/finance.md) with amounts as decimal strings. Also sets
 * what the transports need: {@code Idempotency-Key} (the svix-id), the file name, and the
 * {@code Authorization} header (bearer token, else HTTP Basic, else none).
 */
public final class FinanceDocument {

    public static final String SCHEMA = "yunojuno.finance.spend_request.v1";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private String url = "";
    private String token = "";
    private String username = "";
    private String password = "";

    /** Checks the configuration at start-up. */
    public void validate() {
        if (isHttp()) {
            URI u = URI.create(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("finance.http.url must be an http:// or https:// URL");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                // The route appends its endpoint options to the URL: a query of its own would be mangled.
                throw new IllegalArgumentException("finance.http.url must not have a query string or fragment");
            }
            if (u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("finance.http.url must not hold credentials: use finance.http.token"
                        + " or finance.http.username/password");
            }
        }
        if (!blank(token) && !blank(username)) {
            throw new IllegalArgumentException("set finance.http.token or finance.http.username/password, not both");
        }
    }

    /** True when documents are POSTed to finance.http.url (the routes choose by the same key at start-up). */
    private boolean isHttp() {
        return !blank(url);
    }

    /**
     * Body = the JSON document of the event; sets {@code Idempotency-Key}, {@code Content-Type} and
     * {@code CamelFileName} ({@code <spend_request_id>.<event>.<svix-id>.json}, so a replay overwrites).
     */
    public void build(Exchange exchange) {
        Message m = exchange.getMessage();
        String svixId = m.getHeader(Headers.MESSAGE_ID, String.class);
        SpendRequest s = SpendRequest.parse(m.getBody(String.class));
        m.setBody(json(s, svixId, m.getHeader(Headers.RECEIVED_AT, Instant.class), m.getHeader(Headers.MODE, String.class)));
        m.setHeader(IDEMPOTENCY_KEY, svixId);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        m.setHeader(Exchange.FILE_NAME, TemplatedMail.safe(s.id()) + "." + TemplatedMail.safe(s.action()) + "."
                + TemplatedMail.safe(svixId) + ".json");
    }

    static String json(SpendRequest s, String svixId, Instant receivedAt, String mode) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", SCHEMA);
        doc.put("event_type", s.eventType());
        doc.put("event", s.action());
        doc.put("svix_id", svixId);
        doc.put("idempotency_key", svixId);
        // Milliseconds, as stored: the same on the first attempt and on every retry.
        doc.put("received_at", receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        doc.put("mode", emptyToNull(mode));
        ObjectNode spend = doc.putObject("spend_request");
        spend.put("spend_request_id", s.id());
        spend.put("external_id", emptyToNull(s.externalId()));
        spend.put("title", s.title());
        spend.put("description", s.description());
        spend.put("amount", Money.plain(s.amount()));
        spend.put("currency", s.currency());
        spend.put("amount_type", emptyToNull(s.amountType()));
        spend.put("approval_flow_id", emptyToNull(s.approvalFlowId()));
        spend.put("current_approval_step_id", emptyToNull(s.currentApprovalStepId()));
        ArrayNode fields = spend.putArray("custom_fields");
        for (SpendRequest.CustomField f : s.customFields()) {
            fields.addObject().put("name", f.name()).put("value", f.value());
        }
        spend.put("url", emptyToNull(s.url()));
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets {@code Authorization}: {@code Bearer <token>}, else HTTP Basic, else nothing. */
    public void authorize(Exchange exchange) {
        String value = authorization();
        if (value != null) {
            exchange.getMessage().setHeader("Authorization", value);
        }
    }

    public String authorization() {
        if (!blank(token)) {
            return "Bearer " + token.strip();
        }
        if (!blank(username)) {
            String pair = username + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}

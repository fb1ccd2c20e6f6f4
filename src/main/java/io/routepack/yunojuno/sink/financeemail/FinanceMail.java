package io.routepack.yunojuno.sink.financeemail;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.finance.Money;
import io.routepack.yunojuno.sink.finance.SpendRequest;
import io.routepack.yunojuno.sink.mail.TemplatedMail;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The finance approval email of a {@code client.spend_request.approved} event: its template data model
 * (amount formatted per currency from the decimal string) for the templates in {@code templates/}.
 */
public final class FinanceMail extends TemplatedMail {

    static final String APPROVED = "client.spend_request.approved";

    private String locale = "en-GB";
    private Locale numberLocale = Locale.UK;

    @Override
    public void validate() {
        super.validate();
        if (recipients().length == 0) {
            throw new IllegalArgumentException("finance.notify.to is empty: name at least one finance recipient");
        }
        numberLocale = Locale.forLanguageTag(locale);
    }

    @Override
    protected String sink() {
        return "finance-email";
    }

    @Override
    protected String recipientsProperty() {
        return "finance.notify.to";
    }

    @Override
    protected String subjectProperty() {
        return "finance.email.subject";
    }

    /** Only approved requisitions are mailed: any other event type here is a dispatch mistake and goes dead at once. */
    @Override
    protected Map<String, Object> model(Exchange exchange) {
        Message m = exchange.getMessage();
        String type = m.getHeader(Headers.EVENT_TYPE, String.class);
        if (!APPROVED.equals(type)) {
            throw new PermanentDeliveryException("finance-email only mails " + APPROVED + ", not " + type
                    + ": check dispatch.sinks");
        }
        return model(SpendRequest.parse(m.getBody(String.class)), m.getHeader(Headers.MESSAGE_ID, String.class),
                m.getHeader(Headers.RECEIVED_AT, Instant.class), m.getHeader(Headers.MODE, String.class));
    }

    /** The values templates see, all strings (never null) except {@code custom_fields}, a list of {name, value}. */
    Map<String, Object> model(SpendRequest s, String svixId, Instant receivedAt, String mode) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", s.title());
        model.put("description", s.description());
        model.put("amount", Money.format(s.amount(), s.currency(), numberLocale));
        model.put("amount_decimal", Money.plain(s.amount()));
        model.put("currency", s.currency());
        model.put("amount_type", s.amountType());
        model.put("amount_type_label", amountTypeLabel(s.amountType()));
        model.put("external_id", s.externalId());
        model.put("url", s.url());
        model.put("spend_request_id", s.id());
        model.put("approval_flow_id", s.approvalFlowId());
        List<Map<String, String>> fields = new ArrayList<>();
        for (SpendRequest.CustomField f : s.customFields()) {
            fields.add(Map.of("name", f.name(), "value", f.value()));
        }
        model.put("custom_fields", fields);
        model.put("svix_id", svixId == null ? "" : svixId);
        model.put("event_type", s.eventType());
        model.put("received_at", receivedAt == null ? "" : receivedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        model.put("mode", mode == null ? "" : mode);
        return model;
    }

    public static String amountTypeLabel(String amountType) {
        return switch (amountType) {
            case "TOTAL" -> "Total";
            case "DAY_RATE" -> "Day rate";
            default -> amountType;
        };
    }

    public void setLocale(String locale) {
        this.locale = locale;
    }
}

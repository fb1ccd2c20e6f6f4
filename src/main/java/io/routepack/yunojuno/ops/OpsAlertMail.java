package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.ops.AlertConditions.Condition;
import io.routepack.yunojuno.ops.AlertNotices.Notice;
import io.routepack.yunojuno.sink.mail.TemplatedMail;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The alert mail to {@code ops.notify.to} for a condition that started or cleared (templates/ops-alert.*): what
 * happened, since when, YunoJuno's deadline, the time to recover from and what to do. It names no event, person,
 * secret or signature: only times, counts, reasons and sink names.
 */
public final class OpsAlertMail extends TemplatedMail {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public OpsAlertMail() {
        setSubjectTemplate("[YunoJuno webhooks] ${subject}");
    }

    @Override
    protected String sink() {
        return "ops-alert";
    }

    @Override
    protected String recipientsProperty() {
        return "ops.notify.to";
    }

    @Override
    protected String subjectProperty() {
        return "the ops alert subject";
    }

    /** Names the mail after its condition and change (Message-ID, .eml file), then builds the model. */
    @Override
    public void prepare(Exchange exchange) {
        Notice n = exchange.getMessage().getBody(Notice.class);
        Message m = exchange.getMessage();
        m.setHeader(Headers.MESSAGE_ID, "ops-" + safe(n.condition().key()) + "-" + (n.started() ? "started" : "cleared")
                + "-" + n.at().toEpochMilli());
        m.setHeader(Headers.EVENT_TYPE, "ops.alert");
        super.prepare(exchange);
    }

    @Override
    protected Map<String, Object> model(Exchange exchange) {
        return model(exchange.getMessage().getBody(Notice.class));
    }

    /** The values the templates see, all strings ("" where one does not apply). */
    static Map<String, Object> model(Notice n) {
        Condition c = n.condition();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("state", n.started() ? "started" : "cleared");
        model.put("title", c.title());
        model.put("since", time(c.since()));
        model.put("deadline", time(c.deadline()));
        model.put("recover_from", time(c.recoverFrom()));
        model.put("at", time(n.at()));
        model.put("detail", c.detail());
        model.put("action", c.action());
        model.put("runbook", "docs/runbook.md#" + c.anchor());
        String subject = n.started() ? c.title() : "Cleared: " + c.title();
        if (n.started() && c.deadline() != null) {
            subject += " (YunoJuno stops retrying at " + time(c.deadline()) + ")";
        }
        model.put("subject", subject);
        return model;
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}

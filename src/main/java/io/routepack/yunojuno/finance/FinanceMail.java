package io.routepack.yunojuno.finance;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.SmtpUri;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The finance approval email: builds the template data model of a {@code client.spend_request.approved}
 * event, renders the subject, and puts the HTML and plain-text bodies (rendered by camel-freemarker from
 * {@code templates/}) into one multipart/alternative MIME message, addressed to the finance recipients,
 * with a Message-ID derived from the svix-id. The same message goes to SMTP or, without an SMTP host,
 * into a {@code .eml} file.
 */
public final class FinanceMail {

    /** Header camel-freemarker reads its data model from (needs allowTemplateFromHeader=true on the endpoint). */
    public static final String DATA_MODEL = "CamelFreemarkerDataModel";
    /** Exchange variables the route fills with the rendered bodies. */
    public static final String HTML = "financeMailHtml";
    public static final String TEXT = "financeMailText";
    /** Exchange variable holding the Message-ID of the composed mail. */
    public static final String MESSAGE_ID = "financeMailMessageId";

    static final String APPROVED = "client.spend_request.approved";
    private static final String SINK = "finance-email";

    private String from = "";
    private String to = "";
    private String subjectTemplate = "Spend approved: ${title}, ${amount}";
    private String locale = "en-GB";
    private String smtpHost = "";
    private String smtpPort = "587";
    private String smtpSecurity = "starttls";
    private String smtpUsername = "";
    private String smtpPassword = "";
    private String smtpTimeoutMs = "30000";

    private InternetAddress fromAddress;
    private InternetAddress[] recipients;
    private Template subject;
    private Locale numberLocale;
    private final Session session = Session.getInstance(new Properties());

    /** Checks the configuration at start-up, so a bad address or template fails loudly, not per mail. */
    public void validate() {
        try {
            fromAddress = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("mail.from is not a valid address: " + e.getMessage());
        }
        try {
            recipients = InternetAddress.parse(to, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("finance.notify.to is not a comma-separated list of addresses: " + e.getMessage());
        }
        if (recipients.length == 0) {
            throw new IllegalArgumentException("finance.notify.to is empty: name at least one finance recipient");
        }
        numberLocale = Locale.forLanguageTag(locale);
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        try {
            subject = new Template("finance.email.subject", subjectTemplate, cfg);
        } catch (IOException e) {
            throw new IllegalArgumentException("finance.email.subject is not a valid FreeMarker template: " + e.getMessage());
        }
        if (isSmtp()) {
            SmtpUri.of(smtpHost, smtpPort, smtpSecurity, smtpUsername, smtpPassword, smtpTimeoutMs); // validates security
        }
    }

    /** True when mails go to an SMTP server, false when they are written as .eml files. */
    public boolean isSmtp() {
        return smtpHost != null && !smtpHost.isBlank();
    }

    /** The camel-mail endpoint for the configured SMTP server (used by the route's toD). */
    public String smtpUri() {
        return SmtpUri.of(smtpHost, smtpPort, smtpSecurity, smtpUsername, smtpPassword, smtpTimeoutMs);
    }

    /**
     * Reads the event and puts the template data model into {@link #DATA_MODEL}. Only approved
     * requisitions are mailed: any other event type here is a dispatch mistake and goes dead at once.
     */
    public void prepare(Exchange exchange) {
        Message m = exchange.getMessage();
        String type = m.getHeader(Headers.EVENT_TYPE, String.class);
        if (!APPROVED.equals(type)) {
            throw new PermanentDeliveryException("finance-email only mails " + APPROVED + ", not " + type
                    + ": check the dispatch.spend-request.*.sinks properties");
        }
        SpendRequest spend = SpendRequest.parse(m.getBody(String.class));
        m.setHeader(DATA_MODEL, model(spend, m.getHeader(Headers.MESSAGE_ID, String.class),
                m.getHeader(Headers.RECEIVED_AT, Instant.class), m.getHeader(Headers.MODE, String.class)));
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

    static String amountTypeLabel(String amountType) {
        return switch (amountType) {
            case "TOTAL" -> "Total";
            case "DAY_RATE" -> "Day rate";
            default -> amountType;
        };
    }

    /**
     * Builds the MIME message from the data model and the rendered bodies in {@link #TEXT} and {@link #HTML}:
     * multipart/alternative, plain text first (least preferred), then HTML. Body = the MimeMessage.
     */
    @SuppressWarnings("unchecked")
    public void compose(Exchange exchange) throws MessagingException, IOException, TemplateException {
        Message m = exchange.getMessage();
        Map<String, Object> model = m.getHeader(DATA_MODEL, Map.class);
        String svixId = m.getHeader(Headers.MESSAGE_ID, String.class);
        String messageId = messageId(svixId);
        StringWriter subjectText = new StringWriter();
        subject.process(model, subjectText);

        MimeMessage mail = new FixedIdMessage(session, messageId);
        mail.setFrom(fromAddress);
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, recipients);
        // One line: a CR/LF from a title must not open a new header.
        mail.setSubject(subjectText.toString().replaceAll("[\\r\\n\\t]+", " ").strip(), "UTF-8");
        mail.setSentDate(new Date());
        mail.setHeader("Auto-Submitted", "auto-generated");
        mail.setHeader("X-YunoJuno-Message-Id", svixId);
        mail.setHeader("X-YunoJuno-Event-Type", m.getHeader(Headers.EVENT_TYPE, String.class));

        MimeBodyPart text = new MimeBodyPart();
        text.setText(exchange.getVariable(TEXT, String.class), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(exchange.getVariable(HTML, String.class), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mail.setContent(alternative);
        mail.saveChanges();

        m.removeHeader(DATA_MODEL);
        exchange.setVariable(MESSAGE_ID, messageId);
        m.setBody(mail);
    }

    /** Body = the message as RFC 822 bytes, CamelFileName = {@code <svix-id>.eml}: a replay overwrites it. */
    public void toEml(Exchange exchange) throws MessagingException, IOException {
        Message m = exchange.getMessage();
        MimeMessage mail = m.getBody(MimeMessage.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        m.setBody(out.toByteArray());
        m.setHeader(Exchange.FILE_NAME, safe(m.getHeader(Headers.MESSAGE_ID, String.class)) + ".eml");
    }

    /** {@code <svix-id.finance-email@sender-domain>}: stable across retries, so receivers can drop a repeat. */
    String messageId(String svixId) {
        String address = fromAddress.getAddress();
        String domain = address.contains("@") ? address.substring(address.indexOf('@') + 1) : "yunojuno-camel-pack.invalid";
        return "<" + safe(svixId) + "." + SINK + "@" + domain + ">";
    }

    /** A svix-id as a file name or Message-ID part: letters, digits, dot, dash and underscore only. */
    public static String safe(String id) {
        return id == null ? "unknown" : id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Keeps the Message-ID it was given: JavaMail would otherwise make a new one on every saveChanges(). */
    static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public void setSubjectTemplate(String subjectTemplate) {
        this.subjectTemplate = subjectTemplate;
    }

    public void setLocale(String locale) {
        this.locale = locale;
    }

    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    public void setSmtpPort(String smtpPort) {
        this.smtpPort = smtpPort;
    }

    public void setSmtpSecurity(String smtpSecurity) {
        this.smtpSecurity = smtpSecurity;
    }

    public void setSmtpUsername(String smtpUsername) {
        this.smtpUsername = smtpUsername;
    }

    public void setSmtpPassword(String smtpPassword) {
        this.smtpPassword = smtpPassword;
    }

    public void setSmtpTimeoutMs(String smtpTimeoutMs) {
        this.smtpTimeoutMs = smtpTimeoutMs;
    }
}

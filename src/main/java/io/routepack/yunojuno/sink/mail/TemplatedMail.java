package io.routepack.yunojuno.sink.mail;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.routepack.yunojuno.Headers;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * An email sink's message: a subclass puts the template data model of an event into {@link #DATA_MODEL}
 * ({@link #prepare}); the route renders the HTML and plain-text bodies with camel-freemarker into the
 * variables {@link #HTML} and {@link #TEXT}; {@link #compose} makes one multipart/alternative MIME message
 * with a Message-ID derived from the svix-id, which the route hands to {@code direct:send-mail}.
 */
public abstract class TemplatedMail {

    /** Header camel-freemarker reads its data model from (needs allowTemplateFromHeader=true on the endpoint). */
    public static final String DATA_MODEL = "CamelFreemarkerDataModel";
    /** Exchange variables the route fills with the rendered bodies. */
    public static final String HTML = "mailHtml";
    public static final String TEXT = "mailText";
    /** Exchange variable holding the Message-ID of the composed mail. */
    public static final String MESSAGE_ID = "mailMessageId";

    private String from = "";
    private String to = "";
    private String subjectTemplate = "";

    private InternetAddress fromAddress;
    private InternetAddress[] recipients;
    private Template subject;
    private final Session session = Session.getInstance(new Properties());

    /** The sink's name, used in the Message-ID. */
    protected abstract String sink();

    /** The property holding the recipients, for error messages. */
    protected abstract String recipientsProperty();

    /** The property holding the subject template, for error messages. */
    protected abstract String subjectProperty();

    /** Reads the event (body) and returns the template data model; throws PermanentDeliveryException if it never can. */
    protected abstract Map<String, Object> model(Exchange exchange);

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
            throw new IllegalArgumentException(recipientsProperty() + " is not a comma-separated list of addresses: "
                    + e.getMessage());
        }
        try {
            subject = new Template(subjectProperty(), subjectTemplate, new Configuration(Configuration.VERSION_2_3_34));
        } catch (IOException e) {
            throw new IllegalArgumentException(subjectProperty() + " is not a valid FreeMarker template: " + e.getMessage());
        }
    }

    /** The parsed recipients (empty when none are configured). */
    protected InternetAddress[] recipients() {
        return recipients;
    }

    /** Puts the event's template data model into {@link #DATA_MODEL}. */
    public void prepare(Exchange exchange) {
        exchange.getMessage().setHeader(DATA_MODEL, model(exchange));
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
        // One line: a CR/LF from a value must not open a new header.
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

    /** {@code <svix-id.sink@sender-domain>}: stable across retries, so receivers can drop a repeat. */
    String messageId(String svixId) {
        String address = fromAddress.getAddress();
        String domain = address.contains("@") ? address.substring(address.indexOf('@') + 1) : "yunojuno-camel-pack.invalid";
        return "<" + safe(svixId) + "." + sink() + "@" + domain + ">";
    }

    /** An id as a file name or Message-ID part: letters, digits, dot, dash and underscore only. */
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
}

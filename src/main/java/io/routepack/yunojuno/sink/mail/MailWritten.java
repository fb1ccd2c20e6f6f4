package io.routepack.yunojuno.sink.mail;

import io.routepack.yunojuno.delivery.Written;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;

/** The audit trail of a mail delivery: the composed mail's Message-ID and how many recipients it has. */
public final class MailWritten {

    private MailWritten() {
    }

    /** Notes the Message-ID and the recipient count of the composed mail (the body). */
    public static void note(Exchange exchange) throws MessagingException {
        MimeMessage mail = exchange.getMessage().getBody(MimeMessage.class);
        Written.note(exchange, "message_id", mail.getMessageID());
        Written.note(exchange, "recipients", mail.getAllRecipients() == null ? 0 : mail.getAllRecipients().length);
    }
}

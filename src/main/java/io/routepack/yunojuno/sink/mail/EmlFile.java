package io.routepack.yunojuno.sink.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A mail as a {@code .eml} file (RFC 822), for when no SMTP server is configured: any mail client opens it.
 */
public final class EmlFile {

    private EmlFile() {
    }

    /**
     * Body = the {@link MimeMessage} in the body as RFC 822 bytes. The file name is the sender's
     * {@code CamelFileName} (so a resend overwrites its file) or else the Message-ID, reduced to safe characters.
     */
    public static void write(Exchange exchange) throws MessagingException, IOException {
        Message m = exchange.getMessage();
        MimeMessage mail = m.getBody(MimeMessage.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        String name = m.getHeader(Exchange.FILE_NAME, String.class);
        if (name == null || name.isBlank()) {
            String id = mail.getMessageID();
            name = (id == null ? "mail" : id.replaceAll("[<>]", "")) + ".eml";
        }
        m.setBody(out.toByteArray());
        m.setHeader(Exchange.FILE_NAME, TemplatedMail.safe(name));
    }
}

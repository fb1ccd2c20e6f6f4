package io.routepack.yunojuno.sink.mail;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * The SMTP login: {@code mail.smtp.username} and {@code mail.smtp.password}, or none at all when the username
 * is empty, so an open relay is not asked to authenticate with empty credentials. Kept out of the endpoint
 * URI, where the password would need quoting and could show up in endpoint listings.
 */
public final class SmtpLogin extends MailAuthenticator {

    private String username = "";
    private String password = "";

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        if (username == null || username.isBlank()) {
            return new PasswordAuthentication(null, null);
        }
        return new PasswordAuthentication(username, password == null ? "" : password);
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}

package io.routepack.yunojuno.sink.mail;

import java.util.Locale;
import java.util.Properties;

/**
 * The JavaMail properties for {@code mail.smtp.security}: {@code starttls} (the upgrade is required, never
 * skipped), {@code ssl} (implicit TLS, usually port 465) or {@code none} (plain, for local relays only).
 */
public final class SmtpSecurity {

    private SmtpSecurity() {
    }

    /** The properties for one of starttls, ssl or none; anything else stops start-up naming the key. */
    public static Properties properties(String security) {
        String mode = security == null ? "" : security.strip().toLowerCase(Locale.ROOT);
        Properties p = new Properties();
        switch (mode) {
            case "starttls" -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            case "ssl" -> p.setProperty("mail.smtp.ssl.enable", "true");
            case "none" -> {
            }
            default -> throw new IllegalArgumentException("mail.smtp.security must be starttls, ssl or none, not: " + security);
        }
        return p;
    }
}

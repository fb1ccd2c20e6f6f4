package io.routepack.yunojuno.sink.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The camel-mail producer URI for an SMTP server: {@code smtps://} for implicit TLS ({@code ssl}),
 * {@code smtp://} with STARTTLS required ({@code starttls}) or plain ({@code none}); credentials only
 * when a username is set, so an open relay is not asked to authenticate with empty ones.
 */
public final class SmtpUri {

    private SmtpUri() {
    }

    public static String of(String host, String port, String security, String username, String password, String timeoutMs) {
        String mode = security == null ? "starttls" : security.strip().toLowerCase(Locale.ROOT);
        StringBuilder uri = new StringBuilder();
        switch (mode) {
            case "ssl" -> uri.append("smtps://");
            case "starttls", "none" -> uri.append("smtp://");
            default -> throw new IllegalArgumentException("mail.smtp.security must be starttls, ssl or none, not: " + security);
        }
        uri.append(host.strip()).append(':').append(Integer.parseInt(port.strip()));
        uri.append("?connectionTimeout=").append(Long.parseLong(timeoutMs.strip()));
        if ("starttls".equals(mode)) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        if (username != null && !username.isBlank()) {
            uri.append("&username=").append(URLEncoder.encode(username, StandardCharsets.UTF_8));
            // RAW: the password is used exactly as written (RAW(...) when it contains a closing brace).
            String p = password == null ? "" : password;
            uri.append("&password=").append(p.contains("}") ? "RAW(" + p + ")" : "RAW{" + p + "}");
        }
        return uri.toString();
    }
}

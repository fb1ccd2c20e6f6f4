package io.routepack.yunojuno.sink.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.PasswordAuthentication;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How mail.smtp.security and the SMTP login reach JavaMail. */
class SmtpSettingsTest {

    @Test
    void securityFollowsTheModeAndRejectsOthersNamingTheKey() {
        assertEquals(Map.of("mail.smtp.starttls.enable", "true", "mail.smtp.starttls.required", "true"),
                SmtpSecurity.properties("starttls"));
        assertEquals(Map.of("mail.smtp.ssl.enable", "true"), SmtpSecurity.properties(" SSL "));
        assertEquals(new Properties(), SmtpSecurity.properties("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmtpSecurity.properties("tls"));
        assertTrue(e.getMessage().contains("mail.smtp.security"), e.getMessage());
    }

    @Test
    void loginIsUsedAsWrittenAndOmittedWithoutAUsername() {
        SmtpLogin login = new SmtpLogin();
        login.setUsername("a@b.test");
        login.setPassword("p&w? x}y");
        PasswordAuthentication auth = login.getPasswordAuthentication();
        assertEquals("a@b.test", auth.getUserName());
        assertEquals("p&w? x}y", auth.getPassword());

        login.setUsername("");
        assertNull(login.getPasswordAuthentication().getUserName());
    }
}

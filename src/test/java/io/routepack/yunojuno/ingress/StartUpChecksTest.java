package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/**
 * The ingress's start-up checks, without a pack: each refuses its misconfiguration with a message that names
 * the property to set. The pack runs them while it starts (bean init methods, PackConfiguration), so each
 * of these stops start-up.
 */
class StartUpChecksTest {

    @Test
    void aMissingSigningSecretNamesThePropertyAndItsEnvironmentVariable() {
        SignatureCheck check = new SignatureCheck();
        check.setSecrets("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, check::validate);
        assertTrue(e.getMessage().contains("yunojuno.webhook.secrets is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("YUNOJUNO_WEBHOOK_SECRETS"), e.getMessage());
    }

    @Test
    void aMisconfiguredConnectionLimitNamesTheKey() {
        for (String key : List.of("yunojuno.webhook.idle-timeout-seconds", "yunojuno.webhook.read-timeout-seconds",
                "yunojuno.webhook.max-connections")) {
            Properties values = new Properties();
            values.setProperty(key, "0");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpServerGuard.fromProperties(properties(values)));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    private static PropertiesComponent properties(Properties values) {
        PropertiesComponent props = new DefaultCamelContext().getPropertiesComponent();
        props.setOverrideProperties(values);
        return props;
    }
}

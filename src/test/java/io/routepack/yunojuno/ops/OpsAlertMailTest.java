package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With ops.notify.to set, a rotated-secret storm (500 requests, 50 svix-ids) is one alert mail naming YunoJuno's
 * deadline, and the recovery one "cleared" mail; neither holds a secret, a signature or personal data.
 */
class OpsAlertMailTest {

    static final String WRONG_SECRET = "whsec_QUJDREVGR0hJSktMTU5PUA==";
    static final String OPS = "ops@northwind.test";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void aRefusalStormIsOneMailWithTheDeadlineAndItsRecoveryOneClearedMail() throws Exception {
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        p.put("mail.smtp.security", "none");
        p.put("mail.from", "YunoJuno webhooks <pack@northwind.test>");
        p.put("ops.notify.to", OPS);
        p.put("ops.notify.refusal-grace", "0s");
        p.put("ops.notify.interval", "3s");
        p.put("ops.watch.interval-ms", "200");
        try (PackRunner pack = PackRunner.start(p)) {
            OpsWatch watch = pack.context().getRegistry().lookupByNameAndType("opsWatch", OpsWatch.class);
            byte[] body = Samples.bytes("client.contract.accepted");
            List<String> ids = new ArrayList<>();
            List<String> signatures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(Signer.newMessageId());
            }
            for (int round = 0; round < 10; round++) {
                for (String id : ids) {
                    Map<String, String> h = Signer.headers(WRONG_SECRET, id, body);
                    signatures.add(h.get("svix-signature"));
                    assertEquals(401, pack.post(body, h).statusCode());
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length >= 1);
            String deadline = OpsAlertMail.time(watch.refusals().oldest().orElseThrow().deadline());
            // Storm over, condition still on: the watch keeps running and sends nothing more.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> SMTP.getReceivedMessages().length == 1);
            MimeMessage alert = SMTP.getReceivedMessages()[0];
            assertEquals(OPS, alert.getAllRecipients()[0].toString());
            assertTrue(alert.getSubject().contains("refused") && alert.getSubject().contains(deadline), alert.getSubject());
            String alertText = GreenMailUtil.getWholeMessage(alert);
            assertTrue(alertText.contains("Deadline:       " + deadline), alertText);
            assertTrue(alertText.contains("50 messages refused"), alertText);
            assertTrue(alertText.contains("yunojuno.webhook.secrets"), "says what to do");

            for (String id : ids) {
                assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length >= 2);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> SMTP.getReceivedMessages().length == 2);
            MimeMessage cleared = SMTP.getReceivedMessages()[1];
            assertTrue(cleared.getSubject().startsWith("[YunoJuno webhooks] Cleared: YunoJuno webhooks are being refused"),
                    cleared.getSubject());

            for (MimeMessage mail : SMTP.getReceivedMessages()) {
                String text = GreenMailUtil.getWholeMessage(mail);
                for (String forbidden : List.of(PackRunner.SECRET, WRONG_SECRET, "whsec_", "v1,", "Priya", "Raman", "Olivia",
                        "Bennett", "example.net", "northwind.example", "Northwind Studios")) {
                    assertFalse(text.contains(forbidden), "the alert mail holds " + forbidden);
                }
                for (String signature : signatures.subList(0, 50)) {
                    assertFalse(text.contains(signature.substring(3)), "a signature");
                }
                for (String id : ids) {
                    assertFalse(text.contains(id), "an event id");
                }
            }
        }
    }
}

package io.routepack.yunojuno.sink.finance;

import static io.routepack.yunojuno.sink.finance.FinanceFixtures.attempts;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that is down neither blocks the other sink nor loses the mail: the delivery retries
 * with back-off and the mail goes out, once, when the server is back.
 */
class FinanceEmailSmtpDownTest {

    PackRunner pack;
    GreenMail smtp;

    @AfterEach
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void mailIsRetriedUntilTheServerIsBackThenSentOnce() {
        int port = PackRunner.freePort();
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.security", "none");
        p.put("mail.smtp.timeout-ms", "2000");
        p.put("finance.notify.to", "ap@northwind.test");
        p.put("mail.from", "pack@northwind.test");
        pack = PackRunner.start(p);
        DataSource store = pack.storeDataSource();

        byte[] body = Samples.bytes("client.spend_request.approved");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        // Nothing listens: the mail waits for a retry; the finance document is not held up by it.
        await().atMost(Duration.ofSeconds(15)).until(() -> "retrying".equals(status(store, id, "finance-email"))
                && attempts(store, id, "finance-email") >= 2);
        // The finance document's first attempt may take longer than two quick mail retries (its lane starts then).
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-system")));
        assertEquals("retrying", status(store, id, "finance-email"), "no mail server yet");
        assertTrue(String.valueOf(FinanceFixtures.delivery(store, id, "finance-email").get("last_error")).contains("Exception"));

        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-email")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> smtp.getReceivedMessages().length == 1);
    }
}

package io.routepack.yunojuno.sink.hremail;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hr-email, switched on by hr.notify.to: starters and leavers mailed to HR once, other contract events not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HrEmailTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    PackRunner pack;
    DataSource store;

    @BeforeAll
    void start() {
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        p.put("mail.smtp.security", "none");
        p.put("mail.from", "pack@northwind.test");
        p.put("hr.notify.to", "people@northwind.test");
        pack = PackRunner.start(p);
        store = pack.storeDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    String post(String sample) {
        byte[] body = Samples.bytes(sample);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    String status(String id) {
        List<Map<String, Object>> rows = Db.rows(store,
                "SELECT status FROM webhook_delivery WHERE message_id = ? AND sink = 'hr-email'", id);
        return rows.isEmpty() ? null : (String) rows.get(0).get("status");
    }

    @Test
    void newStarterAndLeaversAreMailedToHrOnce() throws Exception {
        Map<String, String> expected = Map.of(
                "client.contract.accepted", "New starter: Priya Raman, Senior Backend Engineer (Northwind Studios Ltd)",
                "client.contract.notice_served", "Leaver (notice served): Priya Raman, Senior Backend Engineer (Northwind Studios Ltd)",
                "client.contract.cancelled", "Leaver (contract cancelled before its start): Marcus Webb, Data Engineer (Northwind Studios Ltd)");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String id = post(e.getKey());
            await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(id)));
            List<MimeMessage> mails = mailsFor(id);
            assertEquals(1, mails.size(), e.getKey());
            MimeMessage mail = mails.get(0);
            assertEquals(e.getValue(), mail.getSubject());
            assertEquals("people@northwind.test", mail.getAllRecipients()[0].toString());
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            String text = (String) parts.getBodyPart(0).getContent();
            assertTrue(text.contains("Start date:         "), text);
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        }
        String notice = post("client.contract.notice_served");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(notice)));
        String text = (String) ((MimeMultipart) mailsFor(notice).get(0).getContent()).getBodyPart(0).getContent();
        assertTrue(text.contains("End date:           2025-11-14"), text);

        // Replay of the delivery: no second mail.
        Db.rows(store, "SELECT 1 FROM webhook_delivery WHERE message_id = ?", notice);
        try (var c = store.getConnection(); var ps = c.prepareStatement("UPDATE webhook_delivery SET status = 'pending',"
                + " claimed_until = NULL WHERE message_id = ? AND sink = 'hr-email'")) {
            ps.setString(1, notice);
            assertEquals(1, ps.executeUpdate());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(notice)) && ((Number) Db.rows(store,
                "SELECT attempts FROM webhook_delivery WHERE message_id = ? AND sink = 'hr-email'", notice).get(0)
                .get("attempts")).intValue() == 2);
        assertEquals(1, mailsFor(notice).size());
    }

    @Test
    void otherContractEventsAreNotMailed() {
        for (String sample : List.of("client.contract.offered", "client.contract.completed", "client.contract.approved")) {
            String id = post(sample);
            await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(
                    Db.inboxStatus(store, id)));
            assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND sink = 'hr-email'", id),
                    sample);
        }
    }

    static List<MimeMessage> mailsFor(String svixId) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                String[] h = m.getHeader("X-YunoJuno-Message-Id");
                return h != null && svixId.equals(h[0]);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}

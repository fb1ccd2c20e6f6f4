package io.routepack.yunojuno.sink.finance;

import static io.routepack.yunojuno.sink.finance.FinanceFixtures.APPROVAL_URL;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.SPEND_ID;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.TITLE;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.attempts;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
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

/**
 * finance-email over real SMTP (GreenMail in-process): the signed approved sample posted over HTTP
 * becomes exactly one mail with the right recipients, subject, HTML and text parts, and never a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinanceEmailSmtpTest {

    static final String TO_1 = "ap@northwind.test";
    static final String TO_2 = "controller@northwind.test";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pack@northwind.test", "pack-mailer", "s3cr3t pass}"))
            .withPerMethodLifecycle(false);

    PackRunner pack;
    DataSource store;

    @BeforeAll
    void start() {
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        p.put("mail.smtp.security", "none");
        p.put("mail.smtp.username", "pack-mailer");
        p.put("mail.smtp.password", "s3cr3t pass}");
        p.put("mail.from", "YunoJuno webhooks <pack@northwind.test>");
        p.put("finance.notify.to", TO_1 + ", " + TO_2);
        pack = PackRunner.start(p);
        store = pack.storeDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void approvedSpendIsMailedOnceWithSubjectPartsAmountAndLink() throws Exception {
        byte[] body = Samples.bytes("client.spend_request.approved");
        String id = Signer.newMessageId();
        Map<String, String> headers = Signer.headers(PackRunner.SECRET, id, body);
        assertEquals(202, pack.post(body, headers).statusCode());

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-email")));
        List<MimeMessage> copies = mailsFor(id);
        // GreenMail keeps one copy per recipient of the one message sent.
        assertEquals(2, copies.size());
        assertEquals(1, copies.stream().map(FinanceEmailSmtpTest::messageId).distinct().count());
        MimeMessage mail = copies.get(0);
        assertEquals("<" + id + ".finance-email@northwind.test>", messageId(mail));
        assertEquals(List.of(TO_1, TO_2), addresses(mail.getRecipients(Message.RecipientType.TO)));
        assertEquals(List.of("pack@northwind.test"), addresses(mail.getFrom()));
        assertEquals("Spend approved: " + TITLE + ", GBP 27,500.00", mail.getSubject());
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());

        String text = part(mail, "text/plain");
        String html = part(mail, "text/html");
        for (String shown : List.of(TITLE, "GBP 27,500.00", "FIN-SR-2025-0417", "cost_centre", "CC-2210", "purchase_order",
                "PO-778812", "Budget for two senior contract engineers, Sep-Dec 2025 (extended to cover on-call weeks).",
                SPEND_ID, "Total")) {
            assertTrue(text.contains(shown), "text part shows " + shown + ":\n" + text);
            assertTrue(html.contains(shown), "HTML part shows " + shown + ":\n" + html);
        }
        assertTrue(text.contains(APPROVAL_URL), text);
        assertTrue(html.contains("<a href=\"" + APPROVAL_URL + "\""), html);
        assertFalse(text.contains("27500"), "amount formatted, not raw: " + text);

        // YunoJuno retries the same svix-id: stored once, no second mail.
        assertEquals(200, pack.post(body, headers).statusCode());
        // The ledger runs the delivery again (operator replay / lapsed claim): the sent record stops a second mail.
        FinanceFixtures.replay(store, id, "finance-email");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-email"))
                && attempts(store, id, "finance-email") == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> mailsFor(id).size() == 2);
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM sink_sent_record WHERE message_id = ? AND sink = 'finance-email'", id));
        assertEquals("<" + id + ".finance-email@northwind.test>", Db.rows(store,
                "SELECT reference FROM sink_sent_record WHERE message_id = ? AND sink = 'finance-email'", id).get(0).get("reference"));
    }

    @Test
    void titleWithMarkupAndAmpersandIsEscapedInHtmlAndKeptInText() throws Exception {
        String title = "<script>alert(1)</script> R&D \\\"tools\\\"";
        String shownTitle = "<script>alert(1)</script> R&D \"tools\"";
        byte[] body = FinanceFixtures.approvedWithTitle(title);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-email")));
        MimeMessage mail = mailsFor(id).get(0);
        String html = part(mail, "text/html");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D &quot;tools&quot;"), html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("R&D"), html);
        assertTrue(part(mail, "text/plain").contains(shownTitle));
        assertEquals("Spend approved: " + shownTitle + ", GBP 27,500.00", mail.getSubject());
    }

    @Test
    void createdAndUpdatedAreNotMailed() {
        for (String sample : List.of("client.spend_request.created", "client.spend_request.updated")) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(
                    Db.inboxStatus(store, id)));
            assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id), sample);
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

    static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> addresses(Address[] list) {
        return Arrays.stream(list).map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress()).toList();
    }

    /** The body of the part with the given MIME type, in a multipart/alternative message. */
    static String part(MimeMessage mail, String mimeType) throws MessagingException, IOException {
        MimeMultipart multipart = (MimeMultipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).isMimeType(mimeType)) {
                return (String) multipart.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + mimeType + " part");
    }
}

package io.routepack.yunojuno.sink.finance;

import static io.routepack.yunojuno.sink.finance.FinanceFixtures.APPROVAL_URL;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.SPEND_ID;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.TITLE;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.attempts;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Embedded defaults (no SMTP host, no finance URL): an approved requisition becomes a readable .eml in
 * outbox/mail and a JSON document in outbox/finance, each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinanceOutboxTest {

    PackRunner pack;
    DataSource store;
    Path outbox;

    @BeforeAll
    void start() {
        outbox = Path.of("target", "outbox-" + UUID.randomUUID());
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("outbox.dir", outbox.toString());
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
    void approvedBecomesOneEmlAndOneJsonDocument() throws Exception {
        byte[] body = Samples.bytes("client.spend_request.approved");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(store, id, "finance-email"))
                && "delivered".equals(status(store, id, "finance-system")));

        Path eml = outbox.resolve("mail").resolve(id + ".eml");
        assertTrue(Files.isRegularFile(eml), eml.toString());
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(eml)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals("<" + id + ".finance-email@example.com>", mail.getMessageID());
        assertEquals("yunojuno-webhooks@example.com", ((InternetAddress) mail.getFrom()[0]).getAddress());
        assertEquals("finance@example.com", ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals("Spend approved: " + TITLE + ", GBP 27,500.00", mail.getSubject());
        assertEquals("auto-generated", mail.getHeader("Auto-Submitted")[0]);
        assertTrue(mail.getSentDate() != null);
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());
        String text = FinanceEmailSmtpTest.part(mail, "text/plain");
        String html = FinanceEmailSmtpTest.part(mail, "text/html");
        assertTrue(text.contains("Amount:       GBP 27,500.00"), text);
        assertTrue(text.contains("cost_centre:  CC-2210"), text);
        assertTrue(text.contains(APPROVAL_URL), text);
        assertTrue(html.contains("<strong>GBP 27,500.00</strong>"), html);
        assertTrue(html.contains("href=\"" + APPROVAL_URL + "\""), html);

        Path json = outbox.resolve("finance").resolve(SPEND_ID + ".approved." + id + ".json");
        assertTrue(Files.isRegularFile(json), json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(id, doc.get("svix_id").asText());
        assertEquals("approved", doc.get("event").asText());
        assertEquals("27500.00", doc.get("spend_request").get("amount").asText());
        assertEquals("GBP", doc.get("spend_request").get("currency").asText());
        assertEquals(SPEND_ID, doc.get("spend_request").get("spend_request_id").asText());

        // A replay of both deliveries writes nothing new (and leaves no temporary files).
        byte[] emlBefore = Files.readAllBytes(eml);
        FinanceFixtures.replay(store, id, "finance-email");
        FinanceFixtures.replay(store, id, "finance-system");
        await().atMost(Duration.ofSeconds(15)).until(() -> attempts(store, id, "finance-email") == 2
                && attempts(store, id, "finance-system") == 2 && "delivered".equals(status(store, id, "finance-email"))
                && "delivered".equals(status(store, id, "finance-system")));
        assertEquals(List.of(eml), files("mail", id));
        assertEquals(List.of(json), files("finance", id));
        assertArrayEquals(emlBefore, Files.readAllBytes(eml));
        assertEquals(2, Db.count(store, "SELECT COUNT(*) FROM sink_sent_record WHERE message_id = ?", id));
    }

    @Test
    void createdAndUpdatedGoNowhereByDefault() {
        for (String sample : List.of("client.spend_request.created", "client.spend_request.updated")) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(
                    Db.inboxStatus(store, id)));
            assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND sink = 'hr-email'", id),
                    sample);
        }
    }

    @Test
    void hrEmailIsOffByDefault() {
        for (String sample : List.of("client.contract.accepted", "client.contract.notice_served")) {
            byte[] body = Samples.bytes(sample);
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> "dispatched".equals(
                    Db.inboxStatus(store, id)));
            assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND sink = 'hr-email'", id),
                    sample);
        }
    }

    @Test
    void payloadWithoutDecimalAmountIsDeadAtOnce() {
        String text = new String(Samples.bytes("client.spend_request.approved"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"amount\": \"27500.00\"", "\"amount\": \"27,500.00\"");
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(status(store, id, "finance-email"))
                && "dead".equals(status(store, id, "finance-system")));
        assertEquals(1, attempts(store, id, "finance-email"));
        assertEquals(List.of(), files("mail", id));
        assertEquals(List.of(), files("finance", id));
    }

    /** Every file in outbox/<folder> whose name holds the svix-id, temporary ones included. */
    List<Path> files(String folder, String id) {
        Path dir = outbox.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(id)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.routepack.yunojuno.sink.finance;

import static io.routepack.yunojuno.sink.finance.FinanceFixtures.TITLE;
import static io.routepack.yunojuno.sink.finance.FinanceFixtures.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Body templates are parsed once and kept, yet an edited template file applies to the next mail without a
 * restart; a template given as a {@code file:} URI (the form of earlier versions) still renders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateEditTest {

    PackRunner pack;
    Path outbox;
    Path textTemplate;

    @BeforeAll
    void start() throws Exception {
        Path dir = Path.of("target", "templates-" + UUID.randomUUID());
        Files.createDirectories(dir);
        textTemplate = dir.resolve("finance.txt.ftl");
        write("First version: ${title}", Instant.now().minusSeconds(60));
        outbox = Path.of("target", "outbox-" + UUID.randomUUID());
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        p.put("outbox.dir", outbox.toString());
        p.put("finance.email.text-template", textTemplate.toString()); // relative to the working directory
        p.put("finance.email.html-template", "file:templates/finance-spend-approved.html.ftlh");
        pack = PackRunner.start(p);
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void editedTemplateAppliesToTheNextMail() throws Exception {
        MimeMessage first = mailFor(Samples.bytes("client.spend_request.approved"));
        assertEquals("First version: " + TITLE, FinanceEmailSmtpTest.part(first, "text/plain").strip());
        String html = FinanceEmailSmtpTest.part(first, "text/html");
        assertTrue(html.contains("<strong>GBP 27,500.00</strong>"), html);

        write("Second version: ${title} (${amount})", Instant.now());
        MimeMessage second = mailFor(FinanceFixtures.approvedWithTitle("Design sprint"));
        assertEquals("Second version: Design sprint (GBP 27,500.00)", FinanceEmailSmtpTest.part(second, "text/plain").strip());
    }

    private void write(String template, Instant modified) throws Exception {
        Files.writeString(textTemplate, template, StandardCharsets.UTF_8);
        // an explicit time: two writes within the file system's timestamp granularity would look unchanged
        Files.setLastModifiedTime(textTemplate, FileTime.from(modified));
    }

    private MimeMessage mailFor(byte[] body) throws Exception {
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(status(pack.storeDataSource(), id, "finance-email")));
        try (InputStream in = Files.newInputStream(outbox.resolve("mail").resolve(id + ".eml"))) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}

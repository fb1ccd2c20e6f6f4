package io.routepack.yunojuno.privacy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.sink.DropFields;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** sink.<name>.drop-fields: the finance document goes without the date of birth; the inbox keeps it. */
class DropFieldsTest {

    private static final String DOB = "1988-03-14";

    @Test
    void theFinanceDocumentHasNoDateOfBirthAndTheInboxStillHasIt() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("dispatch.sinks", "client.spend_request.approved = finance-system");
        props.put("sink.finance-system.drop-fields", "$..custom_fields[?(@.name == 'date_of_birth')], $..date_of_birth");
        Path outbox = Path.of(props.get("outbox.dir"));
        // A requester's date of birth, as a custom field and as a field: both are forwarded unless dropped.
        byte[] body = new String(Samples.bytes("client.spend_request.approved"), StandardCharsets.UTF_8)
                .replace("\"custom_fields\": [", "\"requester\": {\"date_of_birth\": \"" + DOB + "\"}, \"custom_fields\": ["
                        + " {\"name\": \"date_of_birth\", \"value\": \"" + DOB + "\"},")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(2, new String(body, StandardCharsets.UTF_8).split(DOB, -1).length - 1, "the test event carries it twice");
        try (PackRunner pack = PackRunner.start(props)) {
            String id = Signer.newMessageId();
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(
                    Db.deliveryStatus(pack.storeDataSource(), id, "finance-system")));
            String document;
            try (Stream<Path> files = Files.list(outbox.resolve("finance"))) {
                document = Files.readString(files.filter(p -> p.toString().contains(id)).findFirst().orElseThrow());
            }
            assertFalse(document.contains(DOB), document);
            assertTrue(document.contains("cost_centre"), "other custom fields stay: " + document);
            String stored = String.valueOf(Db.rows(pack.storeDataSource(), "SELECT body FROM webhook_inbox WHERE message_id = ?", id)
                    .get(0).get("body"));
            assertTrue(stored.contains(DOB), "the inbox keeps the original");
        }
    }

    @Test
    void aPathThatDoesNotParseNamesItsKey() {
        Properties p = new Properties();
        p.setProperty("sink.finance-system.drop-fields", "$..[");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DropFields(p));
        assertTrue(e.getMessage().startsWith("sink.finance-system.drop-fields"), e.getMessage());
    }
}

package io.routepack.yunojuno.privacy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retention with {@code retention.days=0} and a short interval: finished events become tombstones without
 * personal data that still make a resend a duplicate; an event with a dead delivery stays whole until it is
 * resolved; outbox files go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionRedactionTest {

    PackRunner pack;
    DataSource store;
    String outbox;
    final AtomicBoolean fragileFixed = new AtomicBoolean(false);

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        database().assumeAvailable();
        Map<String, String> props = PackRunner.defaults(database().create());
        props.put("store.jdbc.username", database().username());
        props.put("retention.days", "0");
        props.put("retention.interval-ms", "300");
        props.put("retention.initial-delay-ms", "0");
        props.put("dispatch.sinks", "client.contract.* = steady; client.client_contact.* = fragile");
        props.put("delivery.fragile.max-attempts", "1");
        outbox = props.get("outbox.dir");
        pack = PackRunner.start(props, () -> new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-steady").log("taken");
                from("direct:sink-fragile").process(e -> {
                    if (!fragileFixed.get()) {
                        throw new IllegalStateException("downstream down");
                    }
                });
            }
        });
        store = pack.storeDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void finishedEventsBecomeTombstonesThatStillAnswerDuplicate() {
        byte[] body = Samples.bytes("client.contract.accepted");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(30)).until(() -> redactedAt(id) != null);
        String tombstone = body(id);
        for (String personal : new String[] {"Priya", "Raman", "priya.raman@example.net", "1988-03-14",
                "olivia.bennett@northwind.example", "Olivia", "Senior Backend Engineer", "card-payments"}) {
            assertFalse(tombstone.contains(personal), personal + " left in " + tombstone);
        }
        for (String kept : new String[] {"client.contract.accepted", "ct_c5m9rx2wq8tk4vn6bd1hz7jl3",
                "fp_c6k1wr8tz3mq5vd9xn2hb7jl4", "2025-09-15", "68.75", "GBP", "27500.00"}) {
            assertTrue(tombstone.contains(kept), kept + " missing from " + tombstone);
        }
        assertEquals("dispatched", Db.inboxStatus(store, id));
        assertEquals("delivered", Db.deliveryStatus(store, id, "steady"));

        HttpResponse<String> resend = pack.post(body, Signer.headers(PackRunner.SECRET, id, body));
        assertEquals(200, resend.statusCode());
        assertTrue(resend.body().contains("\"duplicate\""), resend.body());
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ?", id));
        assertEquals(tombstone, body(id), "a resend applies nothing");
    }

    @Test
    void anEventWithADeadDeliveryStaysWholeUntilResolved() {
        byte[] body = Samples.bytes("client.client_contact.custom_fields_updated");
        String dead = Signer.newMessageId();
        pack.post(body, Signer.headers(PackRunner.SECRET, dead, body));
        await().atMost(Duration.ofSeconds(30)).until(() -> "dead".equals(Db.deliveryStatus(store, dead, "fragile")));

        // A later event redacted proves retention ran after the delivery died.
        byte[] later = Samples.bytes("client.contract.offered");
        String laterId = Signer.newMessageId();
        pack.post(later, Signer.headers(PackRunner.SECRET, laterId, later));
        await().atMost(Duration.ofSeconds(30)).until(() -> redactedAt(laterId) != null);
        assertNull(redactedAt(dead));
        assertTrue(body(dead).contains("olivia.bennett@northwind.example"));

        fragileFixed.set(true);
        lookupLedger().replay(dead, "fragile");
        await().atMost(Duration.ofSeconds(30)).until(() -> redactedAt(dead) != null);
        assertFalse(body(dead).contains("olivia.bennett@northwind.example"));
        assertTrue(body(dead).contains("clct_c1m8rw4kx7tq2vn9bd5hz3js6"));
    }

    @Test
    void oldOutboxFilesAreDeleted() throws Exception {
        Path file = Path.of(outbox, "mail", "msg_old.eml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "To: someone@example.com\r\n\r\nold mail");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
    }

    @Test
    void tombstonesGoAfterTheirOwnPeriod() {
        byte[] body = Samples.bytes("client.contract.approved");
        String id = Signer.newMessageId();
        pack.post(body, Signer.headers(PackRunner.SECRET, id, body));
        await().atMost(Duration.ofSeconds(30)).until(() -> redactedAt(id) != null);
        assertNotNull(body(id));
        // tombstone-days defaults to 400: the tombstone is still there, and the purge of old ones deletes it.
        Retention retention = pack.context().getRegistry()
                .lookupByNameAndType("retention", Retention.class);
        assertTrue(retention.purgeFinished(0) >= 1);
        assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));
    }

    private DeliveryLedger lookupLedger() {
        return pack.context().getRegistry().lookupByNameAndType("deliveryLedger", DeliveryLedger.class);
    }

    private Object redactedAt(String id) {
        return Db.rows(store, "SELECT redacted_at FROM webhook_inbox WHERE message_id = ?", id).stream()
                .findFirst().map(r -> r.get("redacted_at")).orElse(null);
    }

    private String body(String id) {
        return Db.rows(store, "SELECT body FROM webhook_inbox WHERE message_id = ?", id).stream()
                .findFirst().map(r -> String.valueOf(r.get("body"))).orElse(null);
    }
}

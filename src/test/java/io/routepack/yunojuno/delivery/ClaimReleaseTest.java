package io.routepack.yunojuno.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.TestDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claims: each comes with its event; one instance's claim keeps others off; a graceful stop hands the claims back at once. */
class ClaimReleaseTest {

    @Test
    void claimsAreExclusiveAndReleasedOnAGracefulStop() throws Exception {
        try (HikariDataSource ds = TestDatabase.H2.newInbox(2)) {
            Timestamp past = new Timestamp(System.currentTimeMillis() - 1000);
            try (var c = ds.getConnection(); var s = c.createStatement()) {
                s.execute("INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body, received_at, offered_at,"
                        + " status) VALUES ('msg_1', 'client.contract.offered', 'live', '2024-04-10', '{\"n\":1}', CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP, 'dispatched')");
                try (var ps = c.prepareStatement("INSERT INTO webhook_delivery (message_id, sink, status, attempts,"
                        + " next_attempt_at, created_at, updated_at) VALUES ('msg_1', 'hris', 'pending', 0, ?, ?, ?)")) {
                    ps.setTimestamp(1, past);
                    ps.setTimestamp(2, past);
                    ps.setTimestamp(3, past);
                    ps.executeUpdate();
                }
            }
            try (InboxRepository inbox = new InboxRepository(ds, Dialect.H2, Clock.systemUTC(), 10_000);
                 DeliveryLedger a = new DeliveryLedger(ds, Clock.systemUTC(), Duration.ofMinutes(5), inbox);
                 DeliveryLedger b = new DeliveryLedger(ds, Clock.systemUTC(), Duration.ofMinutes(5), inbox)) {
                List<Delivery> claimed = a.claimDue(10);
                assertEquals(1, claimed.size());
                // the claim comes with its event, read from the inbox
                assertEquals("hris", claimed.get(0).sink());
                assertEquals("msg_1", claimed.get(0).event().messageId());
                assertEquals("client.contract.offered", claimed.get(0).event().eventType());
                assertEquals("{\"n\":1}", claimed.get(0).event().body());
                assertEquals(0, b.claimDue(10).size(), "claimed by a, for its claim timeout");

                b.releaseOwnClaims();
                assertEquals(0, b.claimDue(10).size(), "b cannot release a's claims");

                assertEquals(1, a.releaseOwnClaims());
                assertNull(Db.rows(ds, "SELECT claimed_by FROM webhook_delivery WHERE message_id = 'msg_1'").get(0).get("claimed_by"));
                assertEquals(1, b.claimDue(10).size(), "released: another instance takes it at once");
            }
        }
    }
}

package io.routepack.yunojuno.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.routepack.yunojuno.delivery.Delivery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboxEventTest {

    @Test
    void textFormNamesTheEventButLeavesThePersonalDataOut() {
        String body = "{\"event_type\":\"client.client_contact.registered\",\"data\":{\"email\":\"ada@example.com\","
                + "\"date_of_birth\":\"1990-02-03\"}}";
        InboxEvent event = new InboxEvent("msg_1", "client.client_contact.registered", "live", "2024-04-10", body,
                Instant.parse("2026-11-24T10:00:00Z"));

        // Lists of events and deliveries end up as text in Camel's failure messages and in logs.
        for (String text : new String[] {event.toString(), new Delivery(event, "hris", 0, Instant.MAX).toString()}) {
            assertFalse(text.contains("ada@example.com"), text);
            assertFalse(text.contains("1990-02-03"), text);
        }
        assertEquals("InboxEvent[messageId=msg_1, eventType=client.client_contact.registered,"
                + " receivedAt=2026-11-24T10:00:00Z, body=" + body.length() + " chars]", event.toString());
    }
}

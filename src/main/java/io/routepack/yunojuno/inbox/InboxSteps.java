package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.Headers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Binds the inbox to the routes (bean {@code inbox}): reads the event from the exchange, writes outcomes back. */
public final class InboxSteps {

    private final InboxRepository inbox;
    private final Clock clock;

    public InboxSteps(InboxRepository inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Stores the verified event in the exchange (body = raw JSON text, envelope in headers) and sets
     * {@link Headers#INBOX_OUTCOME} to {@code stored} or {@code duplicate}.
     *
     * @throws InboxUnavailableException if the row could not be written
     */
    public void store(Exchange exchange) {
        Message in = exchange.getMessage();
        // Milliseconds, the column's precision: the header on the first delivery then equals the stored value
        // every retry reads back (databases round finer fractions, so a sink would see two received times).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean stored = inbox.store(InboxEvent.from(in, now));
        in.setHeader(Headers.INBOX_OUTCOME, stored ? "stored" : "duplicate");
        in.setHeader(Headers.RECEIVED_AT, now);
    }

    /** Marks the event {@code unrouted}; false if it was no longer waiting. */
    public boolean markUnrouted(Exchange exchange) {
        return inbox.markUnrouted(messageId(exchange));
    }

    /** Marks the test-mode event {@code skipped}; false if it was no longer waiting. */
    public boolean markSkipped(Exchange exchange) {
        return inbox.markSkipped(messageId(exchange));
    }

    /** Claims up to {@code limit} events waiting for dispatch longer than {@code graceSeconds}. */
    public List<InboxEvent> undispatched(long graceSeconds, int limit) {
        return inbox.undispatched(graceSeconds, limit);
    }

    /** Puts an inbox event (the body) back on the exchange the way the ingress hands it to dispatch. */
    public static void restore(Exchange exchange) {
        Message m = exchange.getMessage();
        m.getBody(InboxEvent.class).writeTo(m);
    }

    private static String messageId(Exchange exchange) {
        return exchange.getMessage().getHeader(Headers.MESSAGE_ID, String.class);
    }
}

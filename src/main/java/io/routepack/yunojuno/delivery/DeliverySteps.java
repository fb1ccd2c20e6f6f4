package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.inbox.InboxEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Binds the delivery ledger to the routes (bean {@code ledger}): reads the event, sink and attempt from the
 * exchange, writes the outcome back in headers.
 */
public final class DeliverySteps {

    private static final String DELIVERY_STARTED = "YunoJunoDeliveryStarted";

    private final DeliveryLedger ledger;
    private final SinkFailure failures;

    public DeliverySteps(DeliveryLedger ledger, SinkFailure failures) {
        this.ledger = ledger;
        this.failures = failures;
    }

    /**
     * Records the routed event in the exchange with one delivery per sink named in {@link Headers#SINKS};
     * returns the deliveries to attempt now (none if it was dispatched already).
     */
    public List<Delivery> enqueue(Exchange exchange) {
        Message m = exchange.getMessage();
        InboxEvent event = InboxEvent.from(m, m.getHeader(Headers.RECEIVED_AT, Instant.class));
        return ledger.enqueue(event, sinks(m.getHeader(Headers.SINKS, String.class)));
    }

    /** The delivery in the body was not attempted (its lane was full): it stays due, for the poller. */
    public void release(Exchange exchange) {
        Delivery d = exchange.getMessage().getBody(Delivery.class);
        ledger.release(d.event().messageId(), d.sink());
    }

    /** False for a delivery that waited out half its claim in its lane (see {@link DeliveryLedger#stillClaimed}). */
    public boolean stillClaimed(Delivery delivery) {
        return ledger.stillClaimed(delivery);
    }

    /** Puts a delivery on the exchange for its sink route: body = the event JSON, envelope and sink in headers. */
    public static void open(Exchange exchange) {
        Message m = exchange.getMessage();
        Delivery d = m.getBody(Delivery.class);
        d.event().writeTo(m);
        m.setHeader(Headers.SINK, d.sink());
        m.setHeader(Headers.ATTEMPT, d.attempts() + 1);
        m.setHeader(DELIVERY_STARTED, System.nanoTime());
    }

    /** The sink took the event. */
    public void delivered(Exchange exchange) {
        Message m = exchange.getMessage();
        recordDuration(m);
        ledger.delivered(m.getHeader(Headers.MESSAGE_ID, String.class), m.getHeader(Headers.SINK, String.class),
                Written.of(exchange));
    }

    /** The sink failed: records a retry or dead, as {@link SinkFailure} judges it. Returns the new status. */
    public String failed(Exchange exchange) {
        Message m = exchange.getMessage();
        recordDuration(m);
        String sink = m.getHeader(Headers.SINK, String.class);
        int attempts = m.getHeader(Headers.ATTEMPT, 1, Integer.class);
        SinkFailure.Verdict verdict = failures.judge(sink, attempts,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        ledger.failed(m.getHeader(Headers.MESSAGE_ID, String.class), sink, attempts, verdict);
        return verdict.status().value();
    }

    /** How long the sink took, for the delivery log line ({@link Headers#DURATION_MS}). */
    private static void recordDuration(Message m) {
        Long started = m.getHeader(DELIVERY_STARTED, Long.class);
        m.setHeader(Headers.DURATION_MS, started == null ? 0 : (System.nanoTime() - started) / 1_000_000);
    }

    private static Set<String> sinks(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }
}

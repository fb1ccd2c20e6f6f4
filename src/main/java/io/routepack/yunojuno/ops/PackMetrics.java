package io.routepack.yunojuno.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;

/**
 * The pack's own Prometheus metrics (beside Camel's route metrics), recorded by the routes:
 * <ul>
 * <li>{@code yunojuno_webhook_requests_total{outcome,reason}}: accepted, duplicate, rejected (with the
 * rejection reason), unavailable</li>
 * <li>{@code yunojuno_webhook_ack_seconds}: time from request to answer, as a histogram</li>
 * <li>{@code yunojuno_events_total{event_type}}: events stored, by type</li>
 * <li>{@code yunojuno_deliveries_total{sink,outcome}}: delivered, retrying, dead</li>
 * <li>{@code yunojuno_inbox_lag_seconds}: age of the oldest event or delivery not yet done</li>
 * </ul>
 */
public final class PackMetrics {

    private static final String STARTED = "YunoJunoRequestStarted";

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final AtomicLong lagSeconds = new AtomicLong();
    private volatile MeterRegistry registry;
    private volatile Timer ackTimer;

    public PackMetrics(InboxRepository inbox, DeliveryLedger ledger, Clock clock) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Marks the start of a webhook request. */
    public void requestStarted(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /**
     * Records the answer given to a webhook request: its outcome (header {@code YunoJunoOutcome}: accepted,
     * duplicate, rejected, unavailable), reason and latency, and puts the duration in milliseconds in
     * {@link Headers#DURATION_MS} for the request log line.
     */
    public void requestAnswered(Exchange exchange) {
        String outcome = exchange.getMessage().getHeader(Headers.OUTCOME, "unknown", String.class);
        String reason = "";
        if ("rejected".equals(outcome)) {
            RequestRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RequestRejectedException.class);
            reason = e == null ? "unknown" : e.getReason();
        }
        registry(exchange).counter("yunojuno.webhook.requests", "outcome", outcome, "reason", reason).increment();
        if ("accepted".equals(outcome)) {
            String type = exchange.getMessage().getHeader(Headers.EVENT_TYPE, "unknown", String.class);
            registry(exchange).counter("yunojuno.events", "event_type", type).increment();
        }
        Long started = exchange.getProperty(STARTED, Long.class);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        ackTimer(exchange).record(Duration.ofNanos(nanos));
        exchange.getMessage().setHeader(Headers.DURATION_MS, nanos / 1_000_000);
    }

    /**
     * Records the outcome of one delivery attempt (header {@code YunoJunoDeliveryStatus}: delivered, retrying
     * or dead) for its sink.
     */
    public void delivery(Exchange exchange) {
        String sink = exchange.getMessage().getHeader(Headers.SINK, "unknown", String.class);
        String outcome = exchange.getMessage().getHeader(Headers.DELIVERY_STATUS, "unknown", String.class);
        registry(exchange).counter("yunojuno.deliveries", "sink", sink, "outcome", outcome).increment();
    }

    /** Re-reads the age of the oldest unfinished work: an undispatched event or an undelivered delivery. */
    public void refreshLag(Exchange exchange) {
        registry(exchange); // registers the gauge on first use
        Instant now = clock.instant();
        Instant oldest = now;
        try {
            for (Instant t : List.of(inbox.oldestWaiting().orElse(now), ledger.oldestDue().orElse(now))) {
                oldest = t.isBefore(oldest) ? t : oldest;
            }
        } catch (RuntimeException e) {
            return; // readiness reports the database; keep the last value
        }
        lagSeconds.set(Math.max(0, Duration.between(oldest, now).toSeconds()));
    }

    private Timer ackTimer(Exchange exchange) {
        Timer t = ackTimer;
        if (t == null) {
            t = Timer.builder("yunojuno.webhook.ack")
                    .description("Time from webhook request to answer")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(15))
                    .register(registry(exchange));
            ackTimer = t;
        }
        return t;
    }

    private MeterRegistry registry(Exchange exchange) {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
                    if (r == null) {
                        r = Metrics.globalRegistry; // metrics disabled: record into nothing that is exposed
                    }
                    Gauge.builder("yunojuno.inbox.lag", lagSeconds, AtomicLong::get).baseUnit("seconds")
                            .description("Age of the oldest event or delivery not yet done").register(r);
                    registry = r;
                }
            }
        }
        return r;
    }
}

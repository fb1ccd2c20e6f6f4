package io.routepack.yunojuno.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watches as Prometheus gauges. Times are {@code _timestamp_seconds} gauges (seconds since the epoch), so
 * rules compute ages as {@code time() - x}; a time that does not apply (no refusal outstanding) is NaN, which no
 * comparison matches:
 * <ul>
 * <li>{@code yunojuno_last_event_timestamp_seconds}: last accepted live event (the start of the pack if none yet)</li>
 * <li>{@code yunojuno_refusal_oldest_timestamp_seconds}: first refusal of the oldest outstanding svix-id</li>
 * <li>{@code yunojuno_refusal_deadline_timestamp_seconds}: when YunoJuno stops retrying that one</li>
 * <li>{@code yunojuno_refusals_outstanding{reason}}: svix-ids refused and not accepted since</li>
 * <li>{@code yunojuno_refusals_recovered_total}, {@code yunojuno_refusals_dropped_total}: refused ids accepted
 * later, and ids forgotten to stay within the capacity</li>
 * <li>{@code yunojuno_deliveries_dead{sink}}: dead deliveries not replayed</li>
 * <li>{@code yunojuno_delivery_oldest_pending_timestamp_seconds{sink}}: oldest pending or retrying delivery
 * (the time of the last check when none)</li>
 * <li>{@code yunojuno_store_up}: 1 when the store answered the last check</li>
 * </ul>
 */
public final class WatchMetrics {

    private final RefusalWatch refusals;
    private final SilenceWatch silence;
    private final BacklogWatch backlog;
    private final Set<String> reasons = ConcurrentHashMap.newKeySet();
    private final Set<String> sinks = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public WatchMetrics(RefusalWatch refusals, SilenceWatch silence, BacklogWatch backlog) {
        this.refusals = refusals;
        this.silence = silence;
        this.backlog = backlog;
    }

    /** Registers the fixed gauges once, and a gauge for each reason and sink seen since. */
    public void update(MeterRegistry r) {
        if (registry == null) {
            registry = r;
            Gauge.builder("yunojuno.last.event.timestamp", silence, s -> seconds(s.reference())).baseUnit("seconds")
                    .description("When the last live event was accepted (the start of the pack if none yet)").register(r);
            Gauge.builder("yunojuno.refusal.oldest.timestamp", refusals,
                    w -> w.oldest().map(o -> seconds(o.first())).orElse(Double.NaN)).baseUnit("seconds")
                    .description("First refusal of the oldest svix-id refused and not accepted since (NaN: none)").register(r);
            Gauge.builder("yunojuno.refusal.deadline.timestamp", refusals,
                    w -> w.oldest().map(o -> seconds(o.deadline())).orElse(Double.NaN)).baseUnit("seconds")
                    .description("When YunoJuno stops retrying the oldest refused message (NaN: none)").register(r);
            FunctionCounter.builder("yunojuno.refusals.recovered", refusals, RefusalWatch::recoveredTotal)
                    .description("Refused svix-ids accepted later").register(r);
            FunctionCounter.builder("yunojuno.refusals.dropped", refusals, RefusalWatch::droppedTotal)
                    .description("Refused svix-ids forgotten to keep within ops.refusals.capacity").register(r);
            Gauge.builder("yunojuno.store.up", backlog, b -> b.storeUp() ? 1 : 0)
                    .description("1 when the store answered the last check, 0 when it did not").register(r);
        }
        for (String reason : refusals.countsByReason().keySet()) {
            if (reasons.add(reason)) {
                Gauge.builder("yunojuno.refusals.outstanding", refusals, w -> w.countsByReason().getOrDefault(reason, 0L))
                        .tag("reason", reason).description("Svix-ids refused and not accepted since, by last reason").register(r);
            }
        }
        for (String sink : backlog.sinks()) {
            if (sinks.add(sink)) {
                Gauge.builder("yunojuno.deliveries.dead", backlog, b -> b.dead(sink)).tag("sink", sink)
                        .description("Dead deliveries not replayed").register(r);
                Gauge.builder("yunojuno.delivery.oldest.pending.timestamp", backlog, b -> oldest(b, sink)).tag("sink", sink)
                        .baseUnit("seconds").description("Oldest pending or retrying delivery (last check's time when none)")
                        .register(r);
            }
        }
    }

    private static double oldest(BacklogWatch b, String sink) {
        Optional<Instant> due = b.oldestDue(sink);
        return seconds(due.orElse(b.checkedAt()));
    }

    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }
}

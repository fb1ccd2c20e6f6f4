package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.delivery.DeliveryLedger.SinkBacklog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each sink's dead deliveries and oldest pending or retrying delivery, as the ledger last reported them, and
 * whether the store answered at all. Refreshed on the watch's timer.
 */
public final class BacklogWatch {

    private final DeliveryLedger ledger;
    private final Clock clock;
    private final Map<String, SinkBacklog> bySink = new ConcurrentHashMap<>();
    private volatile Instant checkedAt;
    private volatile Instant storeDownSince;

    public BacklogWatch(DeliveryLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.checkedAt = clock.instant();
    }

    /** Asks the ledger again; a failure marks the store down and keeps the last figures. */
    public void refresh() {
        Instant now = clock.instant();
        try {
            Map<String, SinkBacklog> fresh = new ConcurrentHashMap<>();
            ledger.backlog().forEach(b -> fresh.put(b.sink(), b));
            // A sink seen once stays listed, with nothing dead or waiting, so its gauges fall back to zero.
            bySink.replaceAll((sink, old) -> fresh.getOrDefault(sink, new SinkBacklog(sink, 0, null)));
            bySink.putAll(fresh);
            storeDownSince = null;
        } catch (Exception e) {
            if (storeDownSince == null) {
                storeDownSince = now;
            }
        }
        checkedAt = now;
    }

    /** Sinks the pack has routes for, so their gauges exist (at zero) before anything goes wrong. */
    public void know(Iterable<String> sinks) {
        sinks.forEach(sink -> bySink.putIfAbsent(sink, new SinkBacklog(sink, 0, null)));
    }

    public Set<String> sinks() {
        return new TreeSet<>(bySink.keySet());
    }

    public long dead(String sink) {
        SinkBacklog b = bySink.get(sink);
        return b == null ? 0 : b.dead();
    }

    /** When the sink's oldest pending or retrying delivery was created, if it has one. */
    public Optional<Instant> oldestDue(String sink) {
        SinkBacklog b = bySink.get(sink);
        return Optional.ofNullable(b == null ? null : b.oldestDue());
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    public boolean storeUp() {
        return storeDownSince == null;
    }

    public Optional<Instant> storeDownSince() {
        return Optional.ofNullable(storeDownSince);
    }
}

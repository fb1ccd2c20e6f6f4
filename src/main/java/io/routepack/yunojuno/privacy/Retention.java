package io.routepack.yunojuno.privacy;

import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.sink.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retention of what the pack keeps (docs/privacy.md). An event the pack is done with (the inbox is done with it:
 * dispatched, unrouted, skipped; and every delivery of it was delivered) has its body redacted after
 * {@code retention.days}, and the row stays as a tombstone, so a late resend of its svix-id is still answered as
 * a duplicate; the tombstone is deleted after {@code retention.tombstone-days}. Events with a dead or retrying
 * delivery stay whole until an operator replays or purges them. Outbox files go after {@code retention.days}.
 */
public final class Retention {

    /** Events redacted per read of the inbox: a first run over a large inbox works through it in batches. */
    private static final int BATCH = 500;

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;
    private final Outbox outbox;
    private final Clock clock;
    private final int days;
    private final int tombstoneDays;

    /**
     * @param days          {@code retention.days}: finished events are redacted, outbox files deleted, after this many days
     * @param tombstoneDays {@code retention.tombstone-days}: tombstones are deleted after this many days
     */
    public Retention(InboxRepository inbox, DeliveryLedger ledger, Outbox outbox, Clock clock, int days, int tombstoneDays) {
        if (days < 0) {
            throw new IllegalArgumentException("retention.days must be 0 or more, not " + days);
        }
        if (tombstoneDays < days) {
            throw new IllegalArgumentException("retention.tombstone-days (" + tombstoneDays + ") must be at least"
                    + " retention.days (" + days + "): a tombstone is what keeps a late resend a duplicate");
        }
        this.inbox = inbox;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
        this.days = days;
        this.tombstoneDays = tombstoneDays;
    }

    /**
     * One retention run: redacts finished events older than {@code retention.days}, deletes tombstones (and
     * finished events) older than {@code retention.tombstone-days}, and outbox files older than
     * {@code retention.days}. Returns the counts by kind.
     */
    public Map<String, Integer> run() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("redacted", redactFinished(days));
        counts.put("deleted", purgeFinished(tombstoneDays));
        counts.put("outboxFiles", outbox.deleteOlderThan(clock.instant().minus(Duration.ofDays(days))));
        return counts;
    }

    /** Redacts the bodies of finished events received more than {@code days} ago. Returns how many. */
    public int redactFinished(int days) {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        int redacted = 0;
        Set<String> skipped = new HashSet<>();
        while (true) {
            List<String> batch = new ArrayList<>(inbox.finishedUnredactedBefore(cutoff, BATCH + skipped.size()));
            batch.removeAll(skipped);
            if (batch.isEmpty()) {
                return redacted;
            }
            // Not yet delivered everywhere: kept whole, so a replay still sends the original.
            List<String> undelivered = new ArrayList<>(ledger.withUndelivered(batch));
            batch.removeAll(undelivered);
            skipped.addAll(undelivered);
            for (String id : batch) {
                if (inbox.redact(id, Redactor::redact)) {
                    redacted++;
                } else {
                    skipped.add(id); // changed meanwhile (replayed, purged): the next run looks again
                }
            }
        }
    }

    /** Deletes finished events received more than {@code days} ago, with their deliveries. Returns how many events. */
    public int purgeFinished(int days) {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        List<String> finished = new ArrayList<>(inbox.finishedBefore(cutoff));
        finished.removeAll(ledger.withUndelivered(finished));
        return inbox.deleteFinished(finished);
    }
}

package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.inbox.InboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes events the pack is done with once they are older than the retention period: the inbox is done
 * with them (dispatched, unrouted, skipped) and every delivery of theirs was delivered. Events with a
 * dead or retrying delivery stay until an operator replays or purges them.
 */
public final class Retention {

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;
    private final Clock clock;

    public Retention(InboxRepository inbox, DeliveryLedger ledger, Clock clock) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Deletes finished events received more than {@code days} ago, with their deliveries. Returns how many events. */
    public int purgeFinished(int days) {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        List<String> finished = new ArrayList<>(inbox.finishedBefore(cutoff));
        finished.removeAll(ledger.withUndelivered(finished));
        return inbox.deleteFinished(finished);
    }
}

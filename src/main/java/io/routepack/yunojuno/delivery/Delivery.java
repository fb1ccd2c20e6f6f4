package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.inbox.InboxEvent;
import java.time.Instant;

/**
 * One event on its way to one sink, with the attempts it has had so far and until when this instance's
 * claim on it holds.
 */
public record Delivery(InboxEvent event, String sink, int attempts, Instant claimedUntil) {
}

package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.inbox.InboxEvent;

/** One event on its way to one sink, with the attempts it has had so far. */
public record Delivery(InboxEvent event, String sink, int attempts) {
}

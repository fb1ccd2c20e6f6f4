package io.routepack.yunojuno.inbox;

import java.time.Instant;

/** One stored webhook as the inbox holds it. */
public record InboxEvent(String messageId, String eventType, String mode, String apiVersion, String body,
                         Instant receivedAt) {
}

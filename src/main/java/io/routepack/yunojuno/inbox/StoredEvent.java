package io.routepack.yunojuno.inbox;

import java.time.Instant;

/**
 * One row of the inbox as the admin API shows it: the event's envelope and status, and its JSON body when
 * it was asked for (null in listings), and when retention redacted it (null while the body is whole).
 */
public record StoredEvent(String messageId, String eventType, String mode, String apiVersion, Instant receivedAt,
                          InboxStatus status, Instant dispatchedAt, String body, Instant redactedAt) {

    /** The envelope and status without the body, which holds personal data: safe to log. */
    @Override
    public String toString() {
        return "StoredEvent[messageId=" + messageId + ", eventType=" + eventType + ", status=" + status + "]";
    }
}

package io.routepack.yunojuno.inbox;

import java.util.Locale;

/** Where an event stands in the inbox; stored as the lower-case name in {@code webhook_inbox.status}. */
public enum InboxStatus {
    /** Stored and acknowledged, not yet dispatched. */
    RECEIVED,
    /** Its deliveries are in the ledger. */
    DISPATCHED,
    /** No route knows its type: kept, never sent on. */
    UNROUTED,
    /** A test-mode event: recorded, never sent to a sink. */
    SKIPPED;

    /** The value stored in the table. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code value}, or null when no inbox status has that value. */
    public static InboxStatus of(String value) {
        for (InboxStatus s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}

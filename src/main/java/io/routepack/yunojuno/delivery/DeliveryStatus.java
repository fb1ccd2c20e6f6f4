package io.routepack.yunojuno.delivery;

import java.util.Locale;

/** Where one delivery (event and sink) stands; stored as the lower-case name in {@code webhook_delivery.status}. */
public enum DeliveryStatus {
    /** Not attempted yet. */
    PENDING,
    /** Failed, waiting for its next attempt. */
    RETRYING,
    /** The sink took it. */
    DELIVERED,
    /** Can never succeed, or out of attempts: waits for an operator's replay. */
    DEAD;

    /** The value stored in the table. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code value}, or null when no delivery status has that value. */
    public static DeliveryStatus of(String value) {
        for (DeliveryStatus s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}

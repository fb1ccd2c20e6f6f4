package io.routepack.yunojuno.delivery;

import java.time.Instant;

/** One row of the ledger as the admin API shows it; {@code written}: what the sink wrote (JSON), once delivered. */
public record DeliveryRecord(String sink, DeliveryStatus status, int attempts, String lastError, Instant nextAttemptAt,
                             Instant createdAt, Instant updatedAt, Instant deliveredAt, String written) {
}

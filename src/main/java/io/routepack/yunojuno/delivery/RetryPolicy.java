package io.routepack.yunojuno.delivery;

import java.time.Duration;

/** Exponential back-off for one sink: {@code initialDelay * multiplier^(attempt-1)}, capped at {@code maxDelay}. */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    /** The delay before the next attempt, after {@code attemptsSoFar} failed attempts (1 or more). */
    public Duration delayAfter(int attemptsSoFar) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attemptsSoFar - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }

    public boolean exhausted(int attemptsSoFar) {
        return attemptsSoFar >= maxAttempts;
    }
}

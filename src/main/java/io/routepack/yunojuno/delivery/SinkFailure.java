package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.PersonalDataMask;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What a failed delivery attempt becomes: a retry on the sink's back-off, or dead when the error can never
 * succeed or the sink's attempts are used up; with a short error text fit for the ledger.
 */
public final class SinkFailure {

    /** The verdict on one failed attempt. */
    public record Verdict(DeliveryStatus status, Instant nextAttemptAt, String error) {
    }

    private final Function<String, RetryPolicy> policies;
    private final Clock clock;

    /** @param policies the retry policy of a sink, by sink name */
    public SinkFailure(Function<String, RetryPolicy> policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** Judges attempt number {@code attempts} (1 or more) of a delivery to {@code sink} that ended in {@code error}. */
    public Verdict judge(String sink, int attempts, Throwable error) {
        RetryPolicy policy = policies.apply(sink);
        Instant now = clock.instant();
        if (isPermanent(error) || policy.exhausted(attempts)) {
            return new Verdict(DeliveryStatus.DEAD, now, describe(error));
        }
        return new Verdict(DeliveryStatus.RETRYING, now.plus(policy.delayAfter(attempts)), describe(error));
    }

    /** A 4xx from an HTTP sink (bar timeouts and rate limits) or a sink's own verdict never gets better. */
    static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PermanentDeliveryException) {
                return true;
            }
            if (t instanceof HttpOperationFailedException http) {
                int code = http.getStatusCode();
                return code >= 400 && code < 500 && code != 408 && code != 425 && code != 429;
            }
        }
        return false;
    }

    /** A short error for the ledger: the exception types and messages, e-mail addresses masked, cut to fit. */
    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (root != error) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        text = PersonalDataMask.maskText(text);
        return text.length() > 500 ? text.substring(0, 497) + "..." : text;
    }
}

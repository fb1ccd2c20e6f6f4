package io.routepack.yunojuno.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the pack last accepted a live event. YunoJuno disables an endpoint that keeps failing, and then nothing
 * arrives at all: silence longer than the window ({@code ops.silence.window}) is the only sign of it.
 */
public final class SilenceWatch {

    private final Duration window;
    private final Clock clock;
    private final Instant startedAt;
    private volatile Instant lastAccepted;

    public SilenceWatch(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A live event was accepted (or found stored already): the endpoint is enabled. */
    public void accepted() {
        lastAccepted = clock.instant();
    }

    /** The newest live event in the inbox, read at start-up. */
    public void restore(Optional<Instant> last) {
        last.ifPresent(t -> {
            if (lastAccepted == null || t.isAfter(lastAccepted)) {
                lastAccepted = t;
            }
        });
    }

    public Optional<Instant> lastAccepted() {
        return Optional.ofNullable(lastAccepted);
    }

    /** What silence is measured from: the last accepted live event, or the start of the pack when there is none yet. */
    public Instant reference() {
        Instant last = lastAccepted;
        return last != null ? last : startedAt;
    }

    public boolean silent(Instant now) {
        return Duration.between(reference(), now).compareTo(window) > 0;
    }

    public Duration window() {
        return window;
    }
}

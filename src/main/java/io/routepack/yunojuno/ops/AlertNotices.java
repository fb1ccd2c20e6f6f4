package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.ops.AlertConditions.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which condition changes are told (mailed): a condition that starts, and one that clears after it was
 * told as started. At most one notice per condition per interval: a change within the interval of the last notice
 * waits, and is dropped if the condition changes back meanwhile, so a flapping condition cannot flood anyone.
 */
public final class AlertNotices {

    /** A notice to send: the condition (as last seen when it cleared) and whether it started or cleared. */
    public record Notice(Condition condition, boolean started, Instant at) {
    }

    private record State(boolean toldActive, Instant lastNotice, Condition last) {
    }

    private final Duration interval;
    private final Map<String, State> states = new HashMap<>();

    public AlertNotices(Duration interval) {
        this.interval = interval;
    }

    /** The notices due now, given the conditions active now. */
    public synchronized List<Notice> next(List<Condition> active, Instant now) {
        Map<String, Condition> byKey = new HashMap<>();
        active.forEach(c -> byKey.put(c.key(), c));
        Set<String> keys = new LinkedHashSet<>(byKey.keySet());
        keys.addAll(states.keySet());
        List<Notice> out = new ArrayList<>();
        for (String key : keys) {
            Condition current = byKey.get(key);
            State state = states.getOrDefault(key, new State(false, null, null));
            Condition last = current != null ? current : state.last();
            boolean isActive = current != null;
            boolean mayTell = state.lastNotice() == null || !now.isBefore(state.lastNotice().plus(interval));
            if (isActive != state.toldActive() && mayTell) {
                out.add(new Notice(last, isActive, now));
                state = new State(isActive, now, last);
            } else {
                state = new State(state.toldActive(), state.lastNotice(), last);
            }
            // Forget conditions told as cleared once their interval is over: the map holds only live keys.
            if (!isActive && !state.toldActive() && (state.lastNotice() == null || !now.isBefore(state.lastNotice().plus(interval)))) {
                states.remove(key);
            } else {
                states.put(key, state);
            }
        }
        return out;
    }
}

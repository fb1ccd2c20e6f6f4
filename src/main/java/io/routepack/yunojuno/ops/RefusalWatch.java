package io.routepack.yunojuno.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The svix-ids the pack has refused (401, 503) and not accepted since, in memory: when each was first refused,
 * its last reason and how often. YunoJuno retries one message under one svix-id for {@link #RETRY_WINDOW} and then
 * gives up, so the oldest outstanding refusal sets the deadline. Bounded: at most {@code capacity} ids, the
 * oldest dropped first, since a forged request can carry any id.
 */
public final class RefusalWatch {

    /** From the first attempt to the last retry: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
    public static final Duration RETRY_WINDOW = Duration.ofHours(27).plusMinutes(35);
    /** Longest svix-id kept; a longer one is counted nowhere (no real id is that long). */
    static final int MAX_ID_LENGTH = 255;

    /** One outstanding refusal. */
    public record Refusal(String messageId, Instant first, Instant last, String reason, int count) {

        public Instant deadline() {
            return first.plus(RETRY_WINDOW);
        }
    }

    private final int capacity;
    private final Clock clock;
    /** Insertion order = order of first refusal, so the eldest entry is the oldest outstanding refusal. */
    private final LinkedHashMap<String, Refusal> outstanding = new LinkedHashMap<>();
    /** Ids changed or recovered since the table last took them (each set at most {@code capacity}). */
    private final Set<String> changed = new LinkedHashSet<>();
    private final Set<String> recovered = new LinkedHashSet<>();
    private long recoveredTotal;
    private long droppedTotal;
    private Instant lastRecovered;

    public RefusalWatch(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ops.refusals.capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A request with this svix-id was refused for {@code reason}. Ids that are blank or too long are ignored. */
    public synchronized void refused(String messageId, String reason) {
        if (messageId == null || messageId.isBlank() || messageId.length() > MAX_ID_LENGTH) {
            return;
        }
        Instant now = clock.instant();
        Refusal before = outstanding.get(messageId);
        if (before == null) {
            outstanding.put(messageId, new Refusal(messageId, now, now, reason, 1));
            while (outstanding.size() > capacity) {
                Iterator<String> eldest = outstanding.keySet().iterator();
                String dropped = eldest.next();
                eldest.remove();
                changed.remove(dropped);
                droppedTotal++;
            }
        } else {
            outstanding.put(messageId, new Refusal(messageId, before.first(), now, reason, before.count() + 1));
        }
        remember(changed, messageId);
        recovered.remove(messageId);
    }

    /** A request with this svix-id was accepted (or found stored already): it is no longer outstanding. */
    public synchronized boolean accepted(String messageId) {
        if (messageId == null || outstanding.remove(messageId) == null) {
            return false;
        }
        recoveredTotal++;
        lastRecovered = clock.instant();
        changed.remove(messageId);
        remember(recovered, messageId);
        return true;
    }

    private void remember(Set<String> set, String id) {
        set.remove(id);
        set.add(id);
        if (set.size() > capacity) {
            Iterator<String> eldest = set.iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** The outstanding svix-ids, oldest first refusal first. */
    public synchronized List<String> outstandingIds() {
        return new ArrayList<>(outstanding.keySet());
    }

    /** Puts back refusals read from the table at start-up (oldest first), without marking them changed. */
    public synchronized void restore(List<Refusal> refusals) {
        refusals.stream().sorted((a, b) -> a.first().compareTo(b.first())).forEach(r -> {
            if (outstanding.size() < capacity && r.messageId() != null) {
                outstanding.putIfAbsent(r.messageId(), r);
            }
        });
    }

    /** The outstanding refusal first refused longest ago. */
    public synchronized Optional<Refusal> oldest() {
        return outstanding.values().stream().findFirst();
    }

    /** Outstanding ids per last refusal reason. */
    public synchronized Map<String, Long> countsByReason() {
        Map<String, Long> counts = new TreeMap<>();
        for (Refusal r : outstanding.values()) {
            counts.merge(r.reason(), 1L, Long::sum);
        }
        return counts;
    }

    public synchronized int size() {
        return outstanding.size();
    }

    public int capacity() {
        return capacity;
    }

    public synchronized long recoveredTotal() {
        return recoveredTotal;
    }

    public synchronized long droppedTotal() {
        return droppedTotal;
    }

    public synchronized Optional<Instant> lastRecovered() {
        return Optional.ofNullable(lastRecovered);
    }

    /** Changes since the last call, for the table: the changed refusals and the recovered ids. Clears them. */
    public synchronized Changes takeChanges() {
        List<Refusal> upserts = new ArrayList<>();
        for (String id : changed) {
            Refusal r = outstanding.get(id);
            if (r != null) {
                upserts.add(r);
            }
        }
        Changes c = new Changes(upserts, new ArrayList<>(recovered));
        changed.clear();
        recovered.clear();
        return c;
    }

    /** Puts changes back after the table could not take them, unless newer ones superseded them. */
    public synchronized void giveBack(Changes c) {
        for (Refusal r : c.upserts()) {
            if (outstanding.containsKey(r.messageId()) && changed.size() < capacity) {
                changed.add(r.messageId());
            }
        }
        for (String id : c.recovered()) {
            if (!outstanding.containsKey(id) && recovered.size() < capacity) {
                recovered.add(id);
            }
        }
    }

    /** What the table must write: at most {@code capacity} rows of each kind. */
    public record Changes(List<Refusal> upserts, List<String> recovered) {

        public boolean isEmpty() {
            return upserts.isEmpty() && recovered.isEmpty();
        }
    }
}

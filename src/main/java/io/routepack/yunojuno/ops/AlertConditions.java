package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.ops.RefusalWatch.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns what the watches see into alert conditions, the same ones the Prometheus rules express: refusals
 * outstanding past a grace time, the store unavailable, a sink with dead deliveries, a sink's oldest delivery
 * past an age, and silence.
 */
public final class AlertConditions {

    /** Reason the ingress records for a 503 (event not stored). */
    public static final String STORE_UNAVAILABLE = "store_unavailable";

    /**
     * One active condition. {@code deadline} and {@code recoverFrom} are null where they do not apply.
     * {@code anchor} names the condition's section in docs/runbook.md.
     */
    public record Condition(String key, String title, Instant since, Instant deadline, Instant recoverFrom,
                            String detail, String action, String anchor) {
    }

    private final RefusalWatch refusals;
    private final SilenceWatch silence;
    private final BacklogWatch backlog;
    private final Duration refusalGrace;
    private final Duration backlogAge;
    /** When a condition without a time of its own (dead deliveries) was first seen; only keys active now. */
    private final Map<String, Instant> firstSeen = new HashMap<>();

    public AlertConditions(RefusalWatch refusals, SilenceWatch silence, BacklogWatch backlog, Duration refusalGrace,
                           Duration backlogAge) {
        this.refusals = refusals;
        this.silence = silence;
        this.backlog = backlog;
        this.refusalGrace = refusalGrace;
        this.backlogAge = backlogAge;
    }

    /** The conditions active at {@code now}. */
    public synchronized List<Condition> evaluate(Instant now) {
        List<Condition> out = new ArrayList<>();
        Optional<Refusal> oldest = refusals.oldest();
        if (oldest.isPresent() && !oldest.get().first().plus(refusalGrace).isAfter(now)) {
            out.add(refused(oldest.get()));
        }
        backlog.storeDownSince().ifPresent(since -> out.add(new Condition("store", "The store (inbox database) is unavailable",
                since, null, null, "The pack cannot read or write its store: webhooks are answered 503 and YunoJuno retries them.",
                "Fix the store database (connection, disk, credentials); readiness at /observe/health/ready shows it."
                        + " Refused webhooks are retried by YunoJuno, and reported below as refusals with their deadline.",
                "store-unavailable")));
        for (String sink : backlog.sinks()) {
            long dead = backlog.dead(sink);
            if (dead > 0) {
                String key = "dead:" + sink;
                out.add(new Condition(key, "Sink " + sink + " has dead deliveries", firstSeen.computeIfAbsent(key, k -> now),
                        null, null, dead + " deliveries to " + sink + " used up their retries or failed for good.",
                        "Find the cause in the deliveries' last error (GET /admin/events?status=dead), fix it, then replay them:"
                                + " POST /admin/deliveries/replay-dead?sink=" + sink + ".",
                        "sink-dead-deliveries"));
            }
            Optional<Instant> due = backlog.oldestDue(sink);
            if (due.isPresent() && !due.get().plus(backlogAge).isAfter(now)) {
                out.add(new Condition("backlog:" + sink, "Sink " + sink + " is falling behind", due.get(), null, null,
                        "The oldest delivery to " + sink + " not yet done was created at " + due.get() + ".",
                        "Check that " + sink + " is reachable and accepting (the deliveries' last error shows why it fails)."
                                + " Deliveries keep retrying by themselves; nothing is lost.",
                        "sink-backlog"));
            }
        }
        if (silence.silent(now)) {
            Instant last = silence.reference();
            out.add(new Condition("silence", "No webhook from YunoJuno for longer than " + human(silence.window()), last,
                    null, last, "No live event has been accepted since " + last + ". The endpoint may be disabled in the"
                    + " YunoJuno portal (it is disabled after about 5 days of failures).",
                    "Check the endpoint in the YunoJuno portal; if it is disabled, enable it, then \"Recover failed messages\""
                            + " from " + last + ", then \"Replay missing\". If the account is just quiet, raise ops.silence.window.",
                    "silence"));
        }
        firstSeen.keySet().retainAll(out.stream().map(Condition::key).collect(Collectors.toSet()));
        return out;
    }

    private Condition refused(Refusal oldest) {
        Map<String, Long> byReason = refusals.countsByReason();
        String reasons = byReason.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        boolean storeOnly = byReason.size() == 1 && byReason.containsKey(STORE_UNAVAILABLE);
        String action = storeOnly
                ? "Fix the store database; YunoJuno's retries are then accepted by themselves."
                : "Most likely the signing secret was rotated: add the endpoint's current secret from the YunoJuno portal to"
                + " yunojuno.webhook.secrets (comma-separated, keep the old one until the rotation is over) and restart."
                + " Retries are then accepted by themselves.";
        action += " If the deadline passes first, use \"Recover failed messages\" in the YunoJuno portal from "
                + oldest.first() + ".";
        return new Condition("refusals", "YunoJuno webhooks are being refused", oldest.first(), oldest.deadline(),
                oldest.first(), refusals.size() + " messages refused and not accepted since (" + reasons
                + "). YunoJuno stops retrying the oldest at " + oldest.deadline() + ".", action, "webhooks-refused");
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % 60 == 0 && minutes >= 60) {
            return (minutes / 60) + " h";
        }
        return minutes > 0 ? minutes + " min" : d.toSeconds() + " s";
    }
}

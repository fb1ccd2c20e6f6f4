package io.routepack.yunojuno.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.dispatch.SinkRoutes;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.ops.AlertConditions.Condition;
import io.routepack.yunojuno.ops.AlertNotices.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch over YunoJuno's clocks (bean {@code opsWatch}): the ingress tells it every answer
 * ({@link #answered}); the timer route {@code ops-watch} calls {@link #tick}, which refreshes the sinks' backlog,
 * writes the refusal table, updates the gauges and returns the alert notices due (mailed when
 * {@code ops.notify.to} is set). {@link #state} is what {@code GET /admin/watch} and the console show.
 */
public final class OpsWatch {

    private static final Logger LOG = LoggerFactory.getLogger("yunojuno.ops.watch");

    private final RefusalWatch refusals;
    private final RefusalTable table;
    private final SilenceWatch silence;
    private final BacklogWatch backlog;
    private final AlertConditions conditions;
    private final AlertNotices notices;
    private final WatchMetrics metrics;
    private final InboxRepository inbox;
    private final Clock clock;
    private volatile List<Condition> active = List.of();

    public OpsWatch(RefusalWatch refusals, RefusalTable table, SilenceWatch silence, BacklogWatch backlog,
                    AlertConditions conditions, AlertNotices notices, InboxRepository inbox, Clock clock) {
        this.refusals = refusals;
        this.table = table;
        this.silence = silence;
        this.backlog = backlog;
        this.conditions = conditions;
        this.notices = notices;
        this.metrics = new WatchMetrics(refusals, silence, backlog);
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Builds the watch from the {@code ops.*} settings (defaults in code), migrates its table on the store and
     * restores what the last run left: the outstanding refusals and the last live event.
     */
    public static OpsWatch create(PropertiesComponent props, DataSource store, String storeUrl, DeliveryLedger ledger,
                                  InboxRepository inbox, Clock clock) {
        int capacity = integer(props, "ops.refusals.capacity", "2000");
        MigratedDataSource.migrate("ops", Dialect.of(storeUrl), store);
        RefusalWatch refusals = new RefusalWatch(capacity, clock);
        RefusalTable table = new RefusalTable(store, capacity);
        SilenceWatch silence = new SilenceWatch(duration(props, "ops.silence.window", "24h"), clock);
        BacklogWatch backlog = new BacklogWatch(ledger, clock);
        AlertConditions conditions = new AlertConditions(refusals, silence, backlog,
                duration(props, "ops.notify.refusal-grace", "15m"), duration(props, "ops.notify.backlog-age", "1h"));
        AlertNotices notices = new AlertNotices(duration(props, "ops.notify.interval", "1h"));
        try {
            refusals.restore(table.load());
            silence.restore(inbox.lastLiveReceivedAt());
        } catch (Exception e) {
            throw new IllegalStateException("could not read the refusal watch's state from the store: " + e.getMessage(), e);
        }
        return new OpsWatch(refusals, table, silence, backlog, conditions, notices, inbox, clock);
    }

    /**
     * Called by the ingress after each answer: a refusal (401, 503) is remembered under its svix-id, an accepted
     * or duplicate event clears its id and counts as a sign of life (test-mode events aside).
     */
    public void answered(Exchange exchange) {
        Message m = exchange.getMessage();
        String outcome = m.getHeader(Headers.OUTCOME, "", String.class);
        String id = m.getHeader(Headers.MESSAGE_ID, String.class);
        if (id == null) {
            id = m.getHeader("svix-id", String.class);
        }
        switch (outcome) {
            case "accepted", "duplicate" -> {
                refusals.accepted(id);
                if (!"test".equals(m.getHeader(Headers.MODE, String.class))) {
                    silence.accepted();
                }
            }
            case "rejected" -> {
                RequestRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RequestRejectedException.class);
                // 400 (malformed) is the sender's mistake and never gets better by retrying; 401 may be our secret.
                if (e != null && e.getStatus() == 401) {
                    refusals.refused(id, e.getReason());
                }
            }
            case "unavailable" -> refusals.refused(id, AlertConditions.STORE_UNAVAILABLE);
            default -> {
            }
        }
    }

    /** One round of the watch; returns the notices due now (empty most of the time). */
    public List<Notice> tick(Exchange exchange) {
        MeterRegistry registry = exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
        backlog.know(exchange.getContext().getRoutes().stream().map(r -> SinkRoutes.sinkName(r.getEndpoint().getEndpointUri()))
                .filter(Objects::nonNull).toList());
        backlog.refresh();
        recoverStored();
        flush();
        if (registry != null) {
            metrics.update(registry);
        }
        Instant now = clock.instant();
        List<Condition> current = conditions.evaluate(now);
        active = current;
        List<Notice> due = notices.next(current, now);
        for (Notice n : due) {
            LOG.warn("alert {} {}: {} (since {}{})", n.condition().key(), n.started() ? "started" : "cleared",
                    n.condition().title(), n.condition().since(),
                    n.condition().deadline() == null ? "" : ", deadline " + n.condition().deadline());
        }
        return due;
    }

    /**
     * Clears refused ids that are stored after all: accepted by another instance sharing the store, or while this
     * one was stopped. Primary-key lookups of at most {@code ops.refusals.capacity} ids.
     */
    private void recoverStored() {
        List<String> ids = refusals.outstandingIds();
        if (ids.isEmpty()) {
            return;
        }
        try {
            inbox.storedAmong(ids).forEach(refusals::accepted);
        } catch (Exception e) {
            // the store is down: the backlog check reports it, and the next round tries again
        }
    }

    /** Writes what changed in the refusal watch to its table; on failure the changes wait for the next round. */
    public void flush() {
        RefusalWatch.Changes changes = refusals.takeChanges();
        try {
            table.write(changes);
        } catch (Exception e) {
            refusals.giveBack(changes);
        }
    }

    /** The watch as JSON-ready maps: outstanding refusals with deadline and recovery time, silence, backlog, conditions. */
    public Map<String, Object> state() {
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("outstanding", refusals.size());
        ref.put("byReason", refusals.countsByReason());
        refusals.oldest().ifPresent(o -> {
            ref.put("oldestFirstRefusedAt", o.first().toString());
            ref.put("deadline", o.deadline().toString());
            ref.put("recoverFrom", o.first().toString());
        });
        ref.put("recovered", refusals.recoveredTotal());
        refusals.lastRecovered().ifPresent(t -> ref.put("lastRecoveredAt", t.toString()));
        ref.put("capacity", refusals.capacity());
        out.put("refusals", ref);
        Map<String, Object> quiet = new LinkedHashMap<>();
        quiet.put("lastEventAt", silence.lastAccepted().map(Instant::toString).orElse(null));
        quiet.put("window", silence.window().toString());
        quiet.put("silent", silence.silent(now));
        out.put("silence", quiet);
        List<Map<String, Object>> sinks = new ArrayList<>();
        for (String sink : backlog.sinks()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("sink", sink);
            s.put("dead", backlog.dead(sink));
            s.put("oldestPendingAt", backlog.oldestDue(sink).map(Instant::toString).orElse(null));
            sinks.add(s);
        }
        out.put("sinks", sinks);
        out.put("storeUp", backlog.storeUp());
        List<Map<String, Object>> conds = new ArrayList<>();
        for (Condition c : active) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", c.key());
            m.put("title", c.title());
            m.put("since", c.since() == null ? null : c.since().toString());
            m.put("deadline", c.deadline() == null ? null : c.deadline().toString());
            m.put("recoverFrom", c.recoverFrom() == null ? null : c.recoverFrom().toString());
            m.put("detail", c.detail());
            m.put("action", c.action());
            m.put("runbook", "docs/runbook.md#" + c.anchor());
            conds.add(m);
        }
        out.put("conditions", conds);
        out.put("checkedAt", backlog.checkedAt().toString());
        return out;
    }

    public RefusalWatch refusals() {
        return refusals;
    }

    public RefusalTable table() {
        return table;
    }

    static int integer(PropertiesComponent props, String key, String fallback) {
        String v = props.resolveProperty(key).orElse(fallback).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
        }
    }

    static Duration duration(PropertiesComponent props, String key, String fallback) {
        return parseDuration(key, props.resolveProperty(key).orElse(fallback));
    }

    /** {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}); positive. */
    public static Duration parseDuration(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1).strip());
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 15m, 1h or 2d, not '" + value + "'");
        }
    }
}

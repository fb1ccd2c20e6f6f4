package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.db.GroupCommit;
import io.routepack.yunojuno.db.Sql;
import io.routepack.yunojuno.inbox.InboxEvent;
import io.routepack.yunojuno.inbox.InboxRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The one owner of the delivery ledger {@code webhook_delivery}: one row per event and sink, with its
 * {@link DeliveryStatus}, attempts, last error and next attempt time. Sinks fail and retry independently,
 * retries survive restarts because they are driven from this table, and a claim with a lease keeps two
 * instances from working on one delivery at once. The event of a delivery comes from the inbox's owner.
 */
public final class DeliveryLedger implements AutoCloseable {

    /** One write of the dispatch or of an outcome; true if it changed the ledger. */
    @FunctionalInterface
    private interface LedgerWrite {
        boolean apply(GroupCommit.Statements statements) throws SQLException;
    }

    // Dispatches and outcomes that arrive together share one commit, as the inbox inserts do: a burst is
    // worked off faster than with a transaction each (bench/README.md).
    private static final int WRITERS = 2;
    private static final int MAX_BATCH = 64;
    private static final long COMMIT_TIMEOUT_MILLIS = 10_000;

    private static final String DUE = "d.status IN ('" + DeliveryStatus.PENDING.value() + "', '"
            + DeliveryStatus.RETRYING.value() + "')";
    /** Back to pending, due now, unclaimed: the replays' update, before their WHERE. */
    private static final String RESET = "UPDATE webhook_delivery SET status = ?, attempts = 0, next_attempt_at = ?,"
            + " claimed_by = NULL, claimed_until = NULL, updated_at = ?";

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration claimTimeout;
    private final InboxRepository inbox;
    private final String instanceId = UUID.randomUUID().toString();
    private final GroupCommit<LedgerWrite, Boolean> writer;

    /**
     * @param claimTimeout how long a claimed delivery stays with its instance before another may take it
     * @param inbox        marks an event dispatched in the same transaction that adds its deliveries, and reads the
     *                     events of the deliveries this instance claims
     */
    public DeliveryLedger(DataSource dataSource, Clock clock, Duration claimTimeout, InboxRepository inbox) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.claimTimeout = claimTimeout;
        this.inbox = inbox;
        this.writer = new GroupCommit<>("ledger-writer", dataSource, (statements, write) -> write.apply(statements),
                WRITERS, MAX_BATCH, COMMIT_TIMEOUT_MILLIS);
    }

    /** Commits the writes still queued, then stops the writer threads. */
    @Override
    public void close() {
        writer.close();
    }

    /**
     * Records a routed event: marks it {@code dispatched} in the inbox and adds one pending delivery per
     * sink, claimed by this instance, in one transaction. Returns the deliveries to attempt now; empty if the
     * event was already dispatched (by a recovery run or another instance), so an event is dispatched once.
     */
    public List<Delivery> enqueue(InboxEvent event, Collection<String> sinks) {
        Instant now = clock.instant();
        boolean added = write(statements -> {
            if (!inbox.markDispatched(statements, event.messageId(), now)) {
                return false;
            }
            PreparedStatement add = statements.get("INSERT INTO webhook_delivery (message_id, sink, status,"
                    + " attempts, next_attempt_at, claimed_by, claimed_until, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)");
            for (String sink : sinks) {
                add.setString(1, event.messageId());
                add.setString(2, sink);
                add.setString(3, DeliveryStatus.PENDING.value());
                add.setTimestamp(4, Timestamp.from(now));
                add.setString(5, instanceId);
                add.setTimestamp(6, Timestamp.from(now.plus(claimTimeout)));
                add.setTimestamp(7, Timestamp.from(now));
                add.setTimestamp(8, Timestamp.from(now));
                add.addBatch();
            }
            add.executeBatch();
            return true;
        });
        if (!added) {
            return List.of();
        }
        List<Delivery> out = new ArrayList<>();
        for (String sink : sinks) {
            out.add(new Delivery(event, sink, 0, now.plus(claimTimeout)));
        }
        return out;
    }

    /**
     * Claims up to {@code limit} deliveries of each sink that are due (new, or waiting for a retry) and
     * not held by a live claim, including those of an instance that died mid-delivery once its claim has
     * lapsed. Each sink is claimed on its own, so a sink with a backlog of retries never crowds out another.
     */
    public List<Delivery> claimDue(int limit) {
        return claimDue(limit, sink -> limit);
    }

    /**
     * As {@link #claimDue(int)}, with no more for a sink than {@code room} says its lane can take now
     * (none for a sink whose lane is full: its deliveries stay due in the ledger).
     */
    public List<Delivery> claimDue(int limit, ToIntFunction<String> room) {
        Instant now = clock.instant();
        Instant until = now.plus(claimTimeout);
        String unclaimed = " AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)";
        List<Claim> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> sinks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.sink FROM webhook_delivery d WHERE " + DUE + unclaimed
                    + " GROUP BY d.sink")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sinks.add(rs.getString(1));
                    }
                }
            }
            for (String sink : sinks) {
                int max = Math.min(limit, room.applyAsInt(sink));
                if (max <= 0) {
                    continue;
                }
                List<Claim> candidates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT d.message_id, d.attempts FROM webhook_delivery d"
                        + " WHERE d.sink = ? AND " + DUE + unclaimed + " ORDER BY d.next_attempt_at")) {
                    ps.setString(1, sink);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setMaxRows(max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(new Claim(rs.getString("message_id"), sink, rs.getInt("attempts")));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery d SET claimed_by = ?, claimed_until = ?"
                        + " WHERE d.message_id = ? AND d.sink = ? AND " + DUE
                        + " AND (d.claimed_until IS NULL OR d.claimed_until < ?)")) {
                    for (Claim d : candidates) {
                        ps.setString(1, instanceId);
                        ps.setTimestamp(2, Timestamp.from(until));
                        ps.setString(3, d.messageId());
                        ps.setString(4, sink);
                        ps.setTimestamp(5, Timestamp.from(now));
                        if (ps.executeUpdate() == 1) { // another instance may have won this one
                            claimed.add(d);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger claim failed: " + e.getMessage(), e);
        }
        // An event purged since its claim has taken its deliveries with it: nothing left to attempt.
        Map<String, InboxEvent> events = inbox.events(claimed.stream().map(Claim::messageId).toList());
        List<Delivery> deliveries = new ArrayList<>();
        for (Claim d : claimed) {
            InboxEvent event = events.get(d.messageId());
            if (event != null) {
                deliveries.add(new Delivery(event, d.sink(), d.attempts(), until));
            }
        }
        return deliveries;
    }

    /** A due delivery this instance claimed, before its event is read from the inbox. */
    private record Claim(String messageId, String sink, int attempts) {
    }

    /**
     * Lets go of this instance's claim on a delivery it did not attempt (its lane was full), so the poller
     * takes it again as soon as there is room instead of after the claim timeout.
     */
    public void release(String messageId, String sink) {
        update("UPDATE webhook_delivery d SET claimed_by = NULL, claimed_until = NULL WHERE d.message_id = ? AND d.sink = ?"
                + " AND d.claimed_by = ? AND " + DUE, messageId, sink, instanceId);
    }

    /**
     * True while at least half of this instance's claim on the delivery is left: one that waited longer in
     * its lane is not attempted, since another instance may claim it once the claim lapses, mid-attempt.
     */
    public boolean stillClaimed(Delivery d) {
        return clock.instant().plus(claimTimeout.dividedBy(2)).isBefore(d.claimedUntil());
    }

    /** Lets go of every claim: used at start-up on the embedded database, which only one process can open. */
    public int releaseAllClaims() {
        return update("UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL WHERE claimed_until IS NOT NULL");
    }

    /**
     * Lets go of this instance's claims on deliveries not yet done: on a graceful stop, so another instance
     * (or this one after a restart) takes them at once instead of after the claim timeout.
     */
    public int releaseOwnClaims() {
        return update("UPDATE webhook_delivery d SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND " + DUE,
                instanceId);
    }

    /** The sink took the event; {@code written} is what it wrote (JSON, ids and counts only), or null. */
    public void delivered(String messageId, String sink, String written) {
        Instant now = clock.instant();
        write(statements -> statements.update("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_error = NULL,"
                        + " claimed_by = NULL, claimed_until = NULL, updated_at = ?, delivered_at = ?, written = ?"
                        + " WHERE message_id = ? AND sink = ?",
                DeliveryStatus.DELIVERED.value(), now, now, written, messageId, sink) == 1);
    }

    /**
     * Attempt number {@code attempts} failed: records the verdict (retrying at its next attempt time, or
     * dead) with its error, and lets go of the claim.
     */
    public void failed(String messageId, String sink, int attempts, SinkFailure.Verdict verdict) {
        Instant now = clock.instant();
        write(statements -> statements.update("UPDATE webhook_delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?,"
                        + " claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE message_id = ? AND sink = ?",
                verdict.status().value(), attempts, verdict.error(), verdict.nextAttemptAt(), now, messageId, sink) == 1);
    }

    /** An event's deliveries, by sink name. */
    public List<DeliveryRecord> deliveriesOf(String messageId) {
        return query("SELECT sink, status, attempts, last_error, next_attempt_at, created_at, updated_at, delivered_at,"
                + " written FROM webhook_delivery WHERE message_id = ? ORDER BY sink", 100, rs -> new DeliveryRecord(rs.getString("sink"),
                DeliveryStatus.of(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
                Sql.instant(rs, "next_attempt_at"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "delivered_at"), rs.getString("written")), messageId);
    }

    /** Every sink the ledger has a delivery for, sorted by name, with how many of its deliveries are in each status. */
    public Map<String, Map<DeliveryStatus, Long>> countsBySink() {
        Map<String, Map<DeliveryStatus, Long>> bySink = new TreeMap<>();
        query("SELECT sink, status, COUNT(*) AS n FROM webhook_delivery GROUP BY sink, status", 0, rs -> {
            Map<DeliveryStatus, Long> counts = bySink.computeIfAbsent(rs.getString("sink"), s -> {
                Map<DeliveryStatus, Long> zero = new EnumMap<>(DeliveryStatus.class);
                for (DeliveryStatus status : DeliveryStatus.values()) {
                    zero.put(status, 0L);
                }
                return zero;
            });
            DeliveryStatus status = DeliveryStatus.of(rs.getString("status"));
            if (status != null) {
                counts.put(status, rs.getLong("n"));
            }
            return null;
        });
        return bySink;
    }

    /** Puts one delivery back to pending, due now. Returns how many were (0 or 1). */
    public int replay(String messageId, String sink) {
        Instant now = clock.instant();
        return update(RESET + " WHERE message_id = ? AND sink = ?", DeliveryStatus.PENDING.value(), now, now, messageId, sink);
    }

    /** Puts every delivery of an event back to pending, due now. Returns how many. */
    public int replayEvent(String messageId) {
        Instant now = clock.instant();
        return update(RESET + " WHERE message_id = ?", DeliveryStatus.PENDING.value(), now, now, messageId);
    }

    /** Puts back to pending every dead delivery of {@code sink} (all sinks when null) that died at or after {@code since} (any time when null). */
    public int replayDead(String sink, Instant since) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(RESET + " WHERE status = ?");
        List<Object> args = new ArrayList<>(List.of(DeliveryStatus.PENDING.value(), now, now, DeliveryStatus.DEAD.value()));
        if (sink != null) {
            sql.append(" AND sink = ?");
            args.add(sink);
        }
        if (since != null) {
            sql.append(" AND updated_at >= ?");
            args.add(since);
        }
        return update(sql.toString(), args.toArray());
    }

    /** Deletes an event's deliveries. Returns how many. */
    public int deleteOf(String messageId) {
        return update("DELETE FROM webhook_delivery WHERE message_id = ?", messageId);
    }

    /**
     * Rewrites the recorded errors of these events' deliveries with {@code scrub} (an erasure: errors may quote
     * what a sink was sent). Returns how many errors changed.
     */
    public int scrubErrors(Collection<String> messageIds, UnaryOperator<String> scrub) {
        int changed = 0;
        for (List<String> chunk : Sql.chunks(messageIds, 500)) {
            List<String[]> errors = query("SELECT message_id, sink, last_error FROM webhook_delivery WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ") AND last_error IS NOT NULL", 0,
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, chunk.toArray());
            for (String[] e : errors) {
                String scrubbed = scrub.apply(e[2]);
                if (!scrubbed.equals(e[2])) {
                    changed += update("UPDATE webhook_delivery SET last_error = ? WHERE message_id = ? AND sink = ?",
                            scrubbed, e[0], e[1]);
                }
            }
        }
        return changed;
    }

    /** Of these events, those with a delivery not delivered (pending, retrying or dead). */
    public Set<String> withUndelivered(Collection<String> messageIds) {
        Set<String> out = new HashSet<>();
        for (List<String> chunk : Sql.chunks(messageIds, 500)) {
            List<Object> args = new ArrayList<>(chunk);
            args.add(DeliveryStatus.DELIVERED.value());
            out.addAll(query("SELECT DISTINCT message_id FROM webhook_delivery WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ") AND status <> ?", 0, rs -> rs.getString(1), args.toArray()));
        }
        return out;
    }

    /** When the oldest delivery not yet done (pending or retrying) was created, if there is one. */
    public Optional<Instant> oldestDue() {
        return query("SELECT MIN(d.created_at) AS oldest FROM webhook_delivery d WHERE " + DUE, 1,
                rs -> Sql.instant(rs, "oldest")).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** One sink's unfinished work: dead deliveries, and when its oldest pending or retrying delivery was created. */
    public record SinkBacklog(String sink, long dead, Instant oldestDue) {
    }

    /** Every sink with a dead, pending or retrying delivery, in one grouped query (for the backlog watch). */
    public List<SinkBacklog> backlog() throws SQLException {
        Map<String, long[]> dead = new TreeMap<>();
        Map<String, Instant> oldest = new TreeMap<>();
        Sql.query(dataSource, "SELECT d.sink, d.status, COUNT(*) AS n, MIN(d.created_at) AS oldest FROM webhook_delivery d"
                + " WHERE d.status IN (?, ?, ?) GROUP BY d.sink, d.status", 0, rs -> {
                    String sink = rs.getString("sink");
                    dead.computeIfAbsent(sink, s -> new long[1]);
                    if (DeliveryStatus.DEAD.value().equals(rs.getString("status"))) {
                        dead.get(sink)[0] += rs.getLong("n");
                    } else {
                        oldest.merge(sink, Sql.instant(rs, "oldest"), (a, b) -> a.isBefore(b) ? a : b);
                    }
                    return null;
                }, DeliveryStatus.DEAD.value(), DeliveryStatus.PENDING.value(), DeliveryStatus.RETRYING.value());
        List<SinkBacklog> out = new ArrayList<>();
        dead.forEach((sink, n) -> out.add(new SinkBacklog(sink, n[0], oldest.get(sink))));
        return out;
    }

    private boolean write(LedgerWrite write) {
        try {
            return writer.submit(write);
        } catch (SQLException e) {
            throw new IllegalStateException("ledger write failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try {
            return Sql.update(dataSource, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("ledger update failed: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, int maxRows, Sql.Row<T> row, Object... args) {
        try {
            return Sql.query(dataSource, sql, maxRows, row, args);
        } catch (SQLException e) {
            throw new IllegalStateException("ledger read failed: " + e.getMessage(), e);
        }
    }
}

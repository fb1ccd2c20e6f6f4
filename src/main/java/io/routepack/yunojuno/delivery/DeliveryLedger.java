package io.routepack.yunojuno.delivery;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.PersonalDataMask;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The delivery ledger {@code webhook_delivery}: one row per event and sink, with its status
 * ({@code pending}, {@code retrying}, {@code delivered}, {@code dead}), attempts, last error and next
 * attempt time. Sinks fail and retry independently, retries survive restarts because they are driven
 * from this table, and a claim with a lease keeps two instances from working on one delivery at once.
 * The two writes every event makes, its dispatch and each delivery's success, are group committed.
 */
public final class DeliveryLedger implements AutoCloseable {

    public static final String PENDING = "pending";
    public static final String RETRYING = "retrying";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    private static final String DELIVERY_STARTED = "YunoJunoDeliveryStarted";
    private static final String DUE = "d.status IN ('" + PENDING + "', '" + RETRYING + "')";
    private static final String SELECT_DELIVERY = "SELECT i.message_id, i.event_type, i.mode, i.api_version, i.body,"
            + " i.received_at, d.sink, d.attempts FROM webhook_delivery d JOIN webhook_inbox i ON i.message_id = d.message_id";

    private final DataSource dataSource;
    private final Clock clock;
    private final Function<String, RetryPolicy> policies;
    private final Duration claimTimeout;
    private final String instanceId = UUID.randomUUID().toString();
    private final GroupCommit<LedgerWrite, Integer> writer;

    /** One write of the ledger inside a group commit; returns 1 if it took effect (enqueue: 0 when dispatched already). */
    @FunctionalInterface
    private interface LedgerWrite {
        int apply(GroupCommit.Statements statements) throws SQLException;
    }

    /**
     * @param policies     the retry policy of a sink, by sink name
     * @param claimTimeout how long a claimed delivery stays with its instance before another may take it
     */
    public DeliveryLedger(DataSource dataSource, Clock clock, Function<String, RetryPolicy> policies, Duration claimTimeout) {
        this(dataSource, clock, policies, claimTimeout, 2, 64, 10_000, 0);
    }

    /**
     * @param writerThreads group-commit writer threads
     * @param maxBatch      most writes per commit
     * @param timeoutMillis how long a write waits for its commit before it fails
     * @param lingerMillis  how long a write that comes alone waits for another to share its commit (see {@link GroupCommit})
     */
    public DeliveryLedger(DataSource dataSource, Clock clock, Function<String, RetryPolicy> policies, Duration claimTimeout,
                          int writerThreads, int maxBatch, long timeoutMillis, long lingerMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.policies = policies;
        this.claimTimeout = claimTimeout;
        this.writer = new GroupCommit<>("ledger-writer", dataSource, (statements, write) -> write.apply(statements),
                writerThreads, maxBatch, timeoutMillis, lingerMillis);
    }

    /** Commits the writes still queued and stops the group-commit writers. */
    @Override
    public void close() {
        writer.close();
    }

    /**
     * Records a routed event: marks it {@code dispatched} in the inbox and adds one pending delivery per
     * sink named in {@link Headers#SINKS}, claimed by this instance, in one transaction. Returns the
     * deliveries to attempt now; empty if the event was already dispatched (by a recovery run or
     * another instance), so an event is dispatched once.
     */
    public List<Delivery> enqueue(Exchange exchange) {
        Message m = exchange.getMessage();
        String messageId = m.getHeader(Headers.MESSAGE_ID, String.class);
        Set<String> sinks = sinks(m.getHeader(Headers.SINKS, String.class));
        Instant now = clock.instant();
        int dispatched = write(statements -> {
            PreparedStatement mark = statements.get(
                    "UPDATE webhook_inbox SET status = ?, dispatched_at = ? WHERE message_id = ? AND status = ?");
            mark.setString(1, InboxRepository.DISPATCHED);
            mark.setTimestamp(2, Timestamp.from(now));
            mark.setString(3, messageId);
            mark.setString(4, InboxRepository.RECEIVED);
            if (mark.executeUpdate() != 1) {
                return 0; // dispatched already, by a recovery run or another instance
            }
            // Sent with the batch's other deliveries in one round trip, just before the commit.
            PreparedStatement add = statements.batched("INSERT INTO webhook_delivery (message_id, sink, status,"
                    + " attempts, next_attempt_at, claimed_by, claimed_until, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)");
            for (String sink : sinks) {
                add.setString(1, messageId);
                add.setString(2, sink);
                add.setString(3, PENDING);
                add.setTimestamp(4, Timestamp.from(now));
                add.setString(5, instanceId);
                add.setTimestamp(6, Timestamp.from(now.plus(claimTimeout)));
                add.setTimestamp(7, Timestamp.from(now));
                add.setTimestamp(8, Timestamp.from(now));
                add.addBatch();
            }
            return 1;
        });
        if (dispatched == 0) {
            return List.of();
        }
        InboxEvent event = InboxEvent.from(m, m.getHeader(Headers.RECEIVED_AT, Instant.class));
        List<Delivery> out = new ArrayList<>();
        for (String sink : sinks) {
            out.add(new Delivery(event, sink, 0));
        }
        return out;
    }

    /**
     * Claims up to {@code limit} deliveries that are due (new, or waiting for a retry) and not held by a
     * live claim, including those of an instance that died mid-delivery once its claim has lapsed.
     */
    public List<Delivery> claimDue(int limit) {
        Instant now = clock.instant();
        List<Delivery> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(SELECT_DELIVERY + " WHERE " + DUE
                    + " AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
                    + " ORDER BY d.next_attempt_at")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(readDelivery(rs));
                    }
                }
            }
            List<Delivery> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery d SET claimed_by = ?, claimed_until = ?"
                    + " WHERE d.message_id = ? AND d.sink = ? AND " + DUE
                    + " AND (d.claimed_until IS NULL OR d.claimed_until < ?)")) {
                for (Delivery d : candidates) {
                    ps.setString(1, instanceId);
                    ps.setTimestamp(2, Timestamp.from(now.plus(claimTimeout)));
                    ps.setString(3, d.event().messageId());
                    ps.setString(4, d.sink());
                    ps.setTimestamp(5, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) { // another instance may have won this one
                        claimed.add(d);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("ledger claim failed: " + e.getMessage(), e);
        }
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

    /** One sink's unfinished work: dead deliveries, and when its oldest pending or retrying delivery was created. */
    public record SinkBacklog(String sink, long dead, Instant oldestDue) {
    }

    /** Every sink with a dead, pending or retrying delivery, in one grouped query (for the backlog watch). */
    public List<SinkBacklog> backlog() throws SQLException {
        java.util.Map<String, long[]> dead = new java.util.TreeMap<>();
        java.util.Map<String, Instant> oldest = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.sink, d.status, COUNT(*), MIN(d.created_at) FROM webhook_delivery d WHERE d.status IN ('"
                        + DEAD + "', '" + PENDING + "', '" + RETRYING + "') GROUP BY d.sink, d.status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String sink = rs.getString(1);
                dead.computeIfAbsent(sink, s -> new long[1]);
                if (DEAD.equals(rs.getString(2))) {
                    dead.get(sink)[0] += rs.getLong(3);
                } else {
                    Instant created = rs.getTimestamp(4).toInstant();
                    oldest.merge(sink, created, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        List<SinkBacklog> out = new ArrayList<>();
        dead.forEach((sink, n) -> out.add(new SinkBacklog(sink, n[0], oldest.get(sink))));
        return out;
    }

    /** Puts a delivery on the exchange for its sink route: body = the event JSON, envelope and sink in headers. */
    public static void open(Exchange exchange) {
        Message m = exchange.getMessage();
        Delivery d = m.getBody(Delivery.class);
        d.event().writeTo(m);
        m.setHeader(Headers.SINK, d.sink());
        m.setHeader(Headers.ATTEMPT, d.attempts() + 1);
        m.setHeader(DELIVERY_STARTED, System.nanoTime());
    }

    /** The sink took the event. */
    public void delivered(Exchange exchange) {
        Message m = exchange.getMessage();
        recordDuration(m);
        Instant now = clock.instant();
        String messageId = m.getHeader(Headers.MESSAGE_ID, String.class);
        String sink = m.getHeader(Headers.SINK, String.class);
        write(statements -> {
            // Nobody reads the count: sent with the batch's other updates in one round trip before the commit.
            PreparedStatement ps = statements.batched("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1,"
                    + " last_error = NULL, claimed_by = NULL, claimed_until = NULL, updated_at = ?, delivered_at = ?"
                    + " WHERE message_id = ? AND sink = ?");
            ps.setString(1, DELIVERED);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, messageId);
            ps.setString(5, sink);
            ps.addBatch();
            return 1;
        });
    }

    private int write(LedgerWrite write) {
        try {
            return writer.submit(write);
        } catch (SQLException e) {
            throw new IllegalStateException("ledger write failed: " + e.getMessage(), e);
        }
    }

    /**
     * The sink failed: schedules a retry with the sink's back-off, or marks the delivery dead when the
     * error can never succeed or the attempts are used up. Returns the new status.
     */
    public String failed(Exchange exchange) {
        Message m = exchange.getMessage();
        recordDuration(m);
        String sink = m.getHeader(Headers.SINK, String.class);
        int attempts = m.getHeader(Headers.ATTEMPT, 1, Integer.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RetryPolicy policy = policies.apply(sink);
        boolean dead = isPermanent(error) || policy.exhausted(attempts);
        Instant now = clock.instant();
        Instant next = dead ? now : now.plus(policy.delayAfter(attempts));
        String status = dead ? DEAD : RETRYING;
        update("UPDATE webhook_delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, claimed_by = NULL,"
                        + " claimed_until = NULL, updated_at = ? WHERE message_id = ? AND sink = ?",
                status, attempts, describe(error), Timestamp.from(next), Timestamp.from(now),
                m.getHeader(Headers.MESSAGE_ID, String.class), sink);
        return status;
    }

    /** How long the sink took, for the delivery log line ({@link Headers#DURATION_MS}). */
    private static void recordDuration(Message m) {
        Long started = m.getHeader(DELIVERY_STARTED, Long.class);
        m.setHeader(Headers.DURATION_MS, started == null ? 0 : (System.nanoTime() - started) / 1_000_000);
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

    private static Set<String> sinks(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static Delivery readDelivery(ResultSet rs) throws SQLException {
        return new Delivery(InboxEvent.from(rs), rs.getString("sink"), rs.getInt("attempts"));
    }

    private int update(String sql, Object... args) {
        try {
            return Sql.update(dataSource, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("ledger update failed: " + e.getMessage(), e);
        }
    }
}

package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.GroupCommit;
import io.routepack.yunojuno.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The one owner of the inbox table {@code webhook_inbox}: stores each verified event once per svix-id
 * (inserts are group committed, see {@link GroupCommit}), tracks whether it has been dispatched, and
 * answers what the admin API, metrics, recovery and retention ask of it. The unique key is the
 * exactly-once guard, so two copies of one event arriving at the same instant (here or on another
 * instance) still store one row.
 */
public final class InboxRepository implements AutoCloseable {

    /** Threads committing inserts: a batch forms while the previous one commits. */
    private static final int WRITERS = 2;
    /** Most inserts in one commit. */
    private static final int MAX_BATCH = 64;

    /** The columns {@link InboxEvent#from(ResultSet)} reads. */
    private static final String EVENT_COLUMNS = "message_id, event_type, mode, api_version, body, received_at";

    // A status change by key compares the status inside an expression, so the row can only be found by its key:
    // PostgreSQL may keep a plan made while the table was nearly empty that goes through the status index instead,
    // and then reads every waiting event on each update, which makes a backlog drain in quadratic time.
    private static final String BY_KEY_IF_STATUS = " WHERE message_id = ? AND COALESCE(status, '') = ?";
    /** A waiting event's status change (to dispatched, unrouted or skipped), by key. */
    static final String MARK_FROM_RECEIVED = "UPDATE webhook_inbox SET status = ?, dispatched_at = ?" + BY_KEY_IF_STATUS;
    /**
     * The oldest waiting events, a batch at a time. {@code ORDER BY status, received_at} (status is fixed by the
     * WHERE) names the index's columns, so H2 reads the index in order, and the {@code LIMIT} tells PostgreSQL
     * that only the batch is wanted: both stop after it instead of reading and sorting every waiting event,
     * bodies included.
     */
    static final String UNDISPATCHED = "SELECT " + EVENT_COLUMNS + ", offered_at FROM webhook_inbox"
            + " WHERE status = ? AND offered_at < ? ORDER BY status, received_at LIMIT ?";

    private static final String FINISHED = "'" + InboxStatus.DISPATCHED.value() + "', '" + InboxStatus.UNROUTED.value()
            + "', '" + InboxStatus.SKIPPED.value() + "'";

    private final DataSource dataSource;
    private final Clock clock;
    private final String insertSql;
    private final GroupCommit<InboxEvent, Boolean> writer;

    /**
     * @param timeoutMillis how long a request waits for its commit before it is answered 503
     */
    public InboxRepository(DataSource dataSource, Dialect dialect, Clock clock, long timeoutMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        String insert = "INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body, received_at, offered_at,"
                + " status) VALUES (?, ?, ?, ?, ?, ?, ?, '" + InboxStatus.RECEIVED.value() + "')";
        // PostgreSQL aborts the whole transaction on a key violation; ask it to skip the row instead, which also
        // lets a batch go in one round trip.
        if (dialect == Dialect.POSTGRESQL) {
            this.insertSql = insert + " ON CONFLICT (message_id) DO NOTHING";
            this.writer = GroupCommit.batched("inbox-writer", dataSource, this::insertAll, WRITERS, MAX_BATCH, timeoutMillis);
        } else {
            this.insertSql = insert;
            this.writer = new GroupCommit<>("inbox-writer", dataSource, this::insert, WRITERS, MAX_BATCH, timeoutMillis);
        }
    }

    /**
     * Refuses a store URL whose driver options would hide the row count of each batched insert, by which the
     * inbox tells a new event from a duplicate (PostgreSQL's {@code reWriteBatchedInserts}).
     *
     * @throws IllegalArgumentException naming {@code store.jdbc.url}
     */
    public static void checkJdbcUrl(String url) {
        if (Dialect.of(url) == Dialect.POSTGRESQL && url.toLowerCase(Locale.ROOT).matches(".*[?&]rewritebatchedinserts=true.*")) {
            throw new IllegalArgumentException("store.jdbc.url: remove reWriteBatchedInserts=true; the inbox reads the row"
                    + " count of each insert to tell new events from duplicates, and that option hides it");
        }
    }

    /**
     * Stores a verified event and returns only after its commit: true when it is new, false for a svix-id
     * already stored.
     *
     * @throws InboxUnavailableException if the row could not be written
     */
    public boolean store(InboxEvent event) {
        try {
            return writer.submit(event);
        } catch (SQLException e) {
            throw new InboxUnavailableException("inbox write failed: " + e.getMessage(), e);
        }
    }

    /** Stops the group-commit writer after writing what it holds. */
    @Override
    public void close() {
        writer.close();
    }

    /** Inserts one event in the group commit's transaction (H2, MariaDB); false for a svix-id already stored. */
    private boolean insert(GroupCommit.Statements statements, InboxEvent e) throws SQLException {
        PreparedStatement ps = statements.get(insertSql);
        bind(ps, e);
        try {
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (Dialect.isDuplicateKey(ex)) {
                return false; // H2 and MariaDB undo only this statement
            }
            throw ex;
        }
    }

    /**
     * Inserts a group commit's events as one JDBC batch, one round trip to PostgreSQL. ON CONFLICT skips a
     * svix-id already stored, or met earlier in the batch, so its count is 0: a duplicate.
     */
    private List<Boolean> insertAll(GroupCommit.Statements statements, List<InboxEvent> events) throws SQLException {
        PreparedStatement ps = statements.get(insertSql);
        for (InboxEvent e : events) {
            bind(ps, e);
            ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        List<Boolean> stored = new ArrayList<>(counts.length);
        for (int count : counts) {
            if (count != 0 && count != 1) {
                throw new SQLException("inbox insert reported " + count + " rows; new and duplicate events cannot be told apart");
            }
            stored.add(count == 1);
        }
        return stored;
    }

    private static void bind(PreparedStatement ps, InboxEvent e) throws SQLException {
        Timestamp received = Timestamp.from(e.receivedAt());
        ps.setString(1, e.messageId());
        ps.setString(2, e.eventType());
        ps.setString(3, e.mode());
        ps.setString(4, e.apiVersion());
        ps.setString(5, e.body());
        ps.setTimestamp(6, received);
        ps.setTimestamp(7, received);
    }

    /** Marks a received event {@code unrouted} (no route knows its type). Returns false if it was not waiting. */
    public boolean markUnrouted(String messageId) {
        return markFromReceived(messageId, InboxStatus.UNROUTED);
    }

    /** Marks a received test-mode event {@code skipped}: recorded, never sent to a sink. */
    public boolean markSkipped(String messageId) {
        return markFromReceived(messageId, InboxStatus.SKIPPED);
    }

    private boolean markFromReceived(String messageId, InboxStatus status) {
        return update(MARK_FROM_RECEIVED, status.value(), clock.instant(), messageId, InboxStatus.RECEIVED.value()) == 1;
    }

    /**
     * Marks a received event {@code dispatched}, inside the caller's transaction (the ledger's, which adds its
     * deliveries in the same commit). Returns false if it was no longer waiting: dispatched already, by a
     * recovery run or another instance.
     */
    public boolean markDispatched(GroupCommit.Statements statements, String messageId, Instant at) throws SQLException {
        return statements.update(MARK_FROM_RECEIVED, InboxStatus.DISPATCHED.value(), Timestamp.from(at), messageId,
                InboxStatus.RECEIVED.value()) == 1;
    }

    /**
     * Puts a finished event back to {@code received} and offers it to the next recovery run at once, so it is
     * dispatched again (e.g. an unrouted event after a route for its type was added). Returns false when it
     * is unknown or still waiting.
     */
    public boolean redispatch(String messageId) {
        return update("UPDATE webhook_inbox SET status = ?, offered_at = ? WHERE message_id = ? AND status <> ?",
                InboxStatus.RECEIVED.value(), Instant.EPOCH, messageId, InboxStatus.RECEIVED.value()) == 1;
    }

    /**
     * Claims events stored but never dispatched (a crash, restart or full queue came in between),
     * oldest first, for another dispatch. An event is re-offered only when its last offer is older than
     * {@code graceSeconds}, and each offer is claimed with a conditional update, so neither this
     * instance's queue nor another instance gets the same event twice within the grace period.
     */
    public List<InboxEvent> undispatched(long graceSeconds, int limit) {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minusSeconds(graceSeconds));
        List<InboxEvent> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(UNDISPATCHED);
             PreparedStatement claim = c.prepareStatement(
                     "UPDATE webhook_inbox SET offered_at = ?" + BY_KEY_IF_STATUS + " AND offered_at = ?")) {
            select.setString(1, InboxStatus.RECEIVED.value());
            select.setTimestamp(2, cutoff);
            select.setInt(3, limit);
            List<InboxEvent> candidates = new ArrayList<>();
            List<Timestamp> offeredAt = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    candidates.add(InboxEvent.from(rs));
                    offeredAt.add(rs.getTimestamp("offered_at"));
                }
            }
            // All claims of a batch in one transaction: a backlog that overflowed the queue is worked off through here.
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < candidates.size(); i++) {
                    claim.setTimestamp(1, Timestamp.from(now));
                    claim.setString(2, candidates.get(i).messageId());
                    claim.setString(3, InboxStatus.RECEIVED.value());
                    claim.setTimestamp(4, offeredAt.get(i));
                    if (claim.executeUpdate() == 1) {
                        claimed.add(candidates.get(i));
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox read failed: " + e.getMessage(), e);
        }
        return claimed;
    }

    /** The svix-ids of events received before {@code cutoff} that the inbox is done with (dispatched, unrouted, skipped). */
    public List<String> finishedBefore(Instant cutoff) {
        return query("SELECT message_id FROM webhook_inbox WHERE received_at < ? AND status IN (" + FINISHED + ")", 0,
                rs -> rs.getString(1), cutoff);
    }

    /**
     * Deletes these events, each only if it is still finished; their deliveries go with them (the ledger's
     * foreign key cascades). Returns how many were deleted.
     */
    public int deleteFinished(Collection<String> messageIds) {
        int deleted = 0;
        for (List<String> chunk : Sql.chunks(messageIds, 500)) {
            deleted += update("DELETE FROM webhook_inbox WHERE status IN (" + FINISHED + ") AND message_id IN ("
                    + Sql.placeholders(chunk.size()) + ")", chunk.toArray());
        }
        return deleted;
    }

    /** Deletes one event, whatever its status; its deliveries go with it. Returns false when it is unknown. */
    public boolean delete(String messageId) {
        return update("DELETE FROM webhook_inbox WHERE message_id = ?", messageId) == 1;
    }

    /** One event with its body, if it is stored. */
    public Optional<StoredEvent> find(String messageId) {
        return query("SELECT message_id, event_type, mode, api_version, received_at, status, dispatched_at, redacted_at, body"
                + " FROM webhook_inbox WHERE message_id = ?", 1, rs -> stored(rs, rs.getString("body")), messageId)
                .stream().findFirst();
    }

    /**
     * The svix-ids of up to {@code limit} finished events (dispatched, unrouted, skipped) received before
     * {@code cutoff} whose body retention has not redacted yet.
     */
    public List<String> finishedUnredactedBefore(Instant cutoff, int limit) {
        return query("SELECT message_id FROM webhook_inbox WHERE received_at < ? AND status IN (" + FINISHED + ")"
                + " AND redacted_at IS NULL", limit, rs -> rs.getString(1), cutoff);
    }

    /**
     * Replaces a finished event's body by {@code redaction} of it and marks it redacted: the row stays as a
     * tombstone, so a resend of its svix-id is still a duplicate. Returns false when the event is unknown,
     * no longer finished, or already redacted.
     */
    public boolean redact(String messageId, UnaryOperator<String> redaction) {
        Optional<String> body = query("SELECT body FROM webhook_inbox WHERE message_id = ? AND redacted_at IS NULL", 1,
                rs -> rs.getString(1), messageId).stream().findFirst();
        return body.isPresent() && update("UPDATE webhook_inbox SET body = ?, redacted_at = ? WHERE message_id = ?"
                        + " AND redacted_at IS NULL AND status IN (" + FINISHED + ")",
                redaction.apply(body.get()), clock.instant(), messageId) == 1;
    }

    /**
     * Events (with their bodies) whose body holds any of {@code needles}, compared without regard to case:
     * a full scan, for the rare export or erasure of one person. At most {@code limit} events, oldest first.
     */
    public List<StoredEvent> mentioning(Collection<String> needles, int limit) {
        List<String> terms = needles.stream().filter(n -> n != null && !n.isBlank()).toList();
        if (terms.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT message_id, event_type, mode, api_version, received_at, status,"
                + " dispatched_at, redacted_at, body FROM webhook_inbox WHERE ");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("LOWER(body) LIKE ? ESCAPE '!'");
            args.add("%" + terms.get(i).toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        sql.append(" ORDER BY received_at");
        return query(sql.toString(), limit, rs -> stored(rs, rs.getString("body")), args.toArray());
    }

    /**
     * Replaces an event's body (an erasure's rewrite), only if it is still {@code expected}, so a concurrent
     * retention run or erasure is never overwritten. Returns false when the body had changed.
     */
    public boolean replaceBody(String messageId, String expected, String body) {
        Optional<String> current = query("SELECT body FROM webhook_inbox WHERE message_id = ?", 1, rs -> rs.getString(1),
                messageId).stream().findFirst();
        return current.isPresent() && current.get().equals(expected)
                && update("UPDATE webhook_inbox SET body = ? WHERE message_id = ? AND redacted_at IS NULL", body, messageId) == 1;
    }

    /**
     * Events, newest first, without their bodies. Each filter applies when not null: the event type; the
     * inbox status, or a delivery status ({@code deliveryStatus}: the event has a delivery in that status);
     * received at or after {@code since} and before {@code until}.
     */
    public List<StoredEvent> list(String eventType, InboxStatus status, String deliveryStatus, Instant since, Instant until,
                                  int limit) {
        StringBuilder sql = new StringBuilder("SELECT i.message_id, i.event_type, i.mode, i.api_version, i.received_at,"
                + " i.status, i.dispatched_at, i.redacted_at FROM webhook_inbox i WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (eventType != null) {
            sql.append(" AND i.event_type = ?");
            args.add(eventType);
        }
        if (status != null) {
            sql.append(" AND i.status = ?");
            args.add(status.value());
        }
        if (deliveryStatus != null) {
            // The ledger's table, read only to filter: which events have a delivery in that status.
            sql.append(" AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.message_id = i.message_id AND d.status = ?)");
            args.add(deliveryStatus);
        }
        if (since != null) {
            sql.append(" AND i.received_at >= ?");
            args.add(since);
        }
        if (until != null) {
            sql.append(" AND i.received_at < ?");
            args.add(until);
        }
        sql.append(" ORDER BY i.received_at DESC");
        return query(sql.toString(), limit, rs -> stored(rs, null), args.toArray());
    }

    /** When the oldest event still waiting for dispatch was received, if any is waiting. */
    public Optional<Instant> oldestWaiting() {
        return query("SELECT MIN(received_at) AS oldest FROM webhook_inbox WHERE status = ?", 1,
                rs -> Sql.instant(rs, "oldest"), InboxStatus.RECEIVED.value()).stream().filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** True when the inbox database answers within {@code timeoutSeconds}; throws when it cannot be reached. */
    public boolean answers(int timeoutSeconds) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds);
        }
    }

    /**
     * When the newest live (not test-mode) event was received, for the silence watch after a restart; empty
     * when there is none. Read once at start-up.
     */
    public Optional<Instant> lastLiveReceivedAt() throws SQLException {
        return Sql.query(dataSource, "SELECT MAX(received_at) AS newest FROM webhook_inbox WHERE mode IS NULL OR mode <> 'test'",
                1, rs -> Sql.instant(rs, "newest")).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** These events with their bodies, by svix-id; an id no longer stored is left out. */
    public Map<String, InboxEvent> events(Collection<String> messageIds) {
        Map<String, InboxEvent> events = new HashMap<>();
        for (List<String> chunk : Sql.chunks(new LinkedHashSet<>(messageIds), 100)) {
            for (InboxEvent e : query("SELECT " + EVENT_COLUMNS + " FROM webhook_inbox WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ")", 0, InboxEvent::from, chunk.toArray())) {
                events.put(e.messageId(), e);
            }
        }
        return events;
    }

    /** Which of these svix-ids are stored (by any instance): for the refusal watch, at most a few thousand ids. */
    public Set<String> storedAmong(List<String> messageIds) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (List<String> chunk : Sql.chunks(messageIds, 100)) {
            stored.addAll(Sql.query(dataSource, "SELECT message_id FROM webhook_inbox WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ")", 0, rs -> rs.getString(1), chunk.toArray()));
        }
        return stored;
    }

    private static StoredEvent stored(ResultSet rs, String body) throws SQLException {
        return new StoredEvent(rs.getString("message_id"), rs.getString("event_type"), rs.getString("mode"),
                rs.getString("api_version"), Sql.instant(rs, "received_at"), InboxStatus.of(rs.getString("status")),
                Sql.instant(rs, "dispatched_at"), body, Sql.instant(rs, "redacted_at"));
    }

    private int update(String sql, Object... args) {
        try {
            return Sql.update(dataSource, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("inbox update failed: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, int maxRows, Sql.Row<T> row, Object... args) {
        try {
            return Sql.query(dataSource, sql, maxRows, row, args);
        } catch (SQLException e) {
            throw new IllegalStateException("inbox read failed: " + e.getMessage(), e);
        }
    }
}

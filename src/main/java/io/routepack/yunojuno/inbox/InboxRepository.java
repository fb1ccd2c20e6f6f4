package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.Headers;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The inbox table {@code webhook_inbox}: stores each verified event once per svix-id (inserts are group
 * committed, see {@link GroupCommit}) and tracks
 * whether it has been dispatched. The unique key is the exactly-once guard, so two copies of one
 * event arriving at the same instant (here or on another instance) still store one row.
 */
public final class InboxRepository implements AutoCloseable {

    public static final String RECEIVED = "received";
    public static final String DISPATCHED = "dispatched";
    public static final String UNROUTED = "unrouted";
    public static final String SKIPPED = "skipped";

    /**
     * The oldest waiting events. {@code ORDER BY status, received_at} (status is fixed by the WHERE) names the
     * index's columns, so H2 reads the index in order and stops after the batch; with {@code ORDER BY received_at}
     * alone it read and sorted every waiting event, bodies included, for each batch of the recovery (430 ms per
     * batch at 45,000 waiting; the recovery then worked off a backlog at ~200 events/s).
     */
    static final String UNDISPATCHED = "SELECT message_id, event_type, mode, api_version, body, received_at, offered_at"
            + " FROM webhook_inbox WHERE status = ? AND offered_at < ? ORDER BY status, received_at";

    private final DataSource dataSource;
    private final Clock clock;
    private final String insertSql;
    private final String[] multiRowInsertSql;
    private final GroupCommit<InboxEvent, Boolean> writer;

    /**
     * @param writerThreads group-commit writer threads
     * @param maxBatch      most inserts committed together
     * @param timeoutMillis how long a request waits for its commit before it is answered 503
     */
    public InboxRepository(DataSource dataSource, Dialect dialect, Clock clock, int writerThreads, int maxBatch,
                           long timeoutMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        String insert = "INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body, received_at, offered_at,"
                + " status) VALUES ";
        String row = "(?, ?, ?, ?, ?, ?, ?, '" + RECEIVED + "')";
        this.insertSql = insert + row;
        if (dialect == Dialect.POSTGRESQL) {
            // One statement (one round trip) per batch. PostgreSQL aborts the transaction on a key violation;
            // ON CONFLICT skips the row instead, and RETURNING names the rows that were new.
            this.multiRowInsertSql = new String[maxBatch + 1];
            for (int n = 1; n <= maxBatch; n++) {
                multiRowInsertSql[n] = insert + String.join(", ", Collections.nCopies(n, row))
                        + " ON CONFLICT (message_id) DO NOTHING RETURNING message_id";
            }
            this.writer = GroupCommit.batched("inbox-writer", dataSource, this::insertAll, writerThreads, maxBatch, timeoutMillis);
        } else {
            this.multiRowInsertSql = null;
            this.writer = new GroupCommit<>("inbox-writer", dataSource, this::insert, writerThreads, maxBatch, timeoutMillis);
        }
    }

    /**
     * Stores the verified event in the exchange (body = raw JSON text, envelope in headers) and sets
     * {@link Headers#INBOX_OUTCOME} to {@code stored} or {@code duplicate}.
     *
     * @throws InboxUnavailableException if the row could not be written
     */
    public void store(Exchange exchange) {
        Message in = exchange.getMessage();
        // Milliseconds, the column's precision: the header on the first delivery then equals the stored value
        // every retry reads back (databases round finer fractions, so a sink would see two received times).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        InboxEvent event = InboxEvent.from(in, now);
        boolean stored;
        try {
            stored = writer.submit(event);
        } catch (SQLException e) {
            throw new InboxUnavailableException("inbox write failed: " + e.getMessage(), e);
        }
        in.setHeader(Headers.INBOX_OUTCOME, stored ? "stored" : "duplicate");
        in.setHeader(Headers.RECEIVED_AT, now);
    }

    /** Stops the group-commit writer after writing what it holds. */
    @Override
    public void close() {
        writer.close();
    }

    /**
     * Inserts one event in the group commit's transaction (H2, MariaDB). Returns false for a svix-id
     * already stored: the database refuses it, and only that statement is undone.
     */
    private boolean insert(GroupCommit.Statements statements, InboxEvent e) throws SQLException {
        PreparedStatement ps = statements.get(insertSql);
        bind(ps, 0, e);
        try {
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (Dialect.isDuplicateKey(ex)) {
                return false;
            }
            throw ex;
        }
    }

    /**
     * Inserts a batch of events with one statement (PostgreSQL). An event is stored (true) if its row is
     * among those returned; a svix-id already stored, or met earlier in the same batch (two copies that
     * arrived together), is a duplicate (false).
     */
    private List<Boolean> insertAll(GroupCommit.Statements statements, List<InboxEvent> events) throws SQLException {
        PreparedStatement ps = statements.get(multiRowInsertSql[events.size()]);
        for (int i = 0; i < events.size(); i++) {
            bind(ps, i * 7, events.get(i));
        }
        Set<String> inserted = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                inserted.add(rs.getString(1));
            }
        }
        List<Boolean> stored = new ArrayList<>(events.size());
        for (InboxEvent e : events) {
            stored.add(inserted.remove(e.messageId()));
        }
        return stored;
    }

    private static void bind(PreparedStatement ps, int offset, InboxEvent e) throws SQLException {
        Timestamp received = Timestamp.from(e.receivedAt());
        ps.setString(offset + 1, e.messageId());
        ps.setString(offset + 2, e.eventType());
        ps.setString(offset + 3, e.mode());
        ps.setString(offset + 4, e.apiVersion());
        ps.setString(offset + 5, e.body());
        ps.setTimestamp(offset + 6, received);
        ps.setTimestamp(offset + 7, received);
    }

    /** Marks a received event {@code unrouted} (no route knows its type). Returns false if it was not waiting. */
    public boolean markUnrouted(Exchange exchange) {
        return markFromReceived(exchange.getMessage().getHeader(Headers.MESSAGE_ID, String.class), UNROUTED);
    }

    /** Marks a received test-mode event {@code skipped}: recorded, never sent to a sink. */
    public boolean markSkipped(Exchange exchange) {
        return markFromReceived(exchange.getMessage().getHeader(Headers.MESSAGE_ID, String.class), SKIPPED);
    }

    private boolean markFromReceived(String messageId, String status) {
        try {
            return Sql.update(dataSource, "UPDATE webhook_inbox SET status = ?, dispatched_at = ? WHERE message_id = ? AND status = ?",
                    status, Timestamp.from(clock.instant()), messageId, RECEIVED) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox update failed: " + e.getMessage(), e);
        }
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
                     "UPDATE webhook_inbox SET offered_at = ? WHERE message_id = ? AND status = ? AND offered_at = ?")) {
            select.setString(1, RECEIVED);
            select.setTimestamp(2, cutoff);
            select.setMaxRows(limit);
            List<InboxEvent> candidates = new ArrayList<>();
            List<Timestamp> offeredAt = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    candidates.add(InboxEvent.from(rs));
                    offeredAt.add(rs.getTimestamp("offered_at"));
                }
            }
            // All claims of a batch in one transaction: one commit instead of one per event (a backlog that
            // overflowed the queue is worked off through here).
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < candidates.size(); i++) {
                    claim.setTimestamp(1, Timestamp.from(now));
                    claim.setString(2, candidates.get(i).messageId());
                    claim.setString(3, RECEIVED);
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

    /**
     * Deletes events received more than {@code days} ago that are finished: dispatched with every delivery
     * delivered, unrouted, or skipped. Events with a delivery that is not delivered (dead, retrying) stay.
     * Returns how many events were deleted.
     */
    public int purgeFinished(int days) {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(days)));
        String finished = " FROM webhook_inbox i WHERE i.received_at < ? AND i.status IN (?, ?, ?)"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.message_id = i.message_id AND d.status <> 'delivered')";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement deliveries = c.prepareStatement(
                         "DELETE FROM webhook_delivery WHERE message_id IN (SELECT message_id FROM ("
                                 + "SELECT i.message_id" + finished + ") finished)");
                 // The derived tables let MariaDB delete from a table the condition reads.
                 PreparedStatement events = c.prepareStatement("DELETE FROM webhook_inbox WHERE message_id IN (SELECT message_id FROM ("
                         + "SELECT i.message_id" + finished + ") finished)")) {
                for (PreparedStatement ps : List.of(deliveries, events)) {
                    ps.setTimestamp(1, cutoff);
                    ps.setString(2, DISPATCHED);
                    ps.setString(3, UNROUTED);
                    ps.setString(4, SKIPPED);
                }
                deliveries.executeUpdate();
                int purged = events.executeUpdate();
                c.commit();
                return purged;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox purge failed: " + e.getMessage(), e);
        }
    }

    /**
     * When the newest live (not test-mode) event was received, for the silence watch after a restart; empty
     * when there is none. Read once at start-up.
     */
    public java.util.Optional<Instant> lastLiveReceivedAt() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT MAX(received_at) FROM webhook_inbox WHERE mode IS NULL OR mode <> 'test'");
             ResultSet rs = ps.executeQuery()) {
            Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
            return java.util.Optional.ofNullable(t).map(Timestamp::toInstant);
        }
    }

    /** Which of these svix-ids are stored (by any instance): for the refusal watch, at most a few thousand ids. */
    public Set<String> storedAmong(List<String> messageIds) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < messageIds.size(); from += 100) {
                List<String> chunk = messageIds.subList(from, Math.min(messageIds.size(), from + 100));
                try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM webhook_inbox WHERE message_id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stored.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        return stored;
    }

    /** Puts an inbox event back on an exchange the way the ingress hands it to dispatch. */
    public static void restore(Exchange exchange) {
        Message m = exchange.getMessage();
        m.getBody(InboxEvent.class).writeTo(m);
    }
}

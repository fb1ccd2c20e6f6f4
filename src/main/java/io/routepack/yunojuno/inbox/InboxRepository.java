package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The inbox table {@code webhook_inbox}: stores each verified event once per svix-id and tracks
 * whether it has been dispatched. The unique key is the exactly-once guard, so two copies of one
 * event arriving at the same instant (here or on another instance) still store one row.
 */
public final class InboxRepository {

    public static final String RECEIVED = "received";
    public static final String DISPATCHED = "dispatched";
    public static final String UNROUTED = "unrouted";
    public static final String SKIPPED = "skipped";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final String insertSql;

    public InboxRepository(DataSource dataSource, Dialect dialect, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        String insert = "INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body, received_at, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, '" + RECEIVED + "')";
        // PostgreSQL aborts the transaction on a key violation; ask it to skip the row instead.
        this.insertSql = dialect == Dialect.POSTGRESQL ? insert + " ON CONFLICT (message_id) DO NOTHING" : insert;
    }

    /**
     * Stores the verified event in the exchange (body = raw JSON text, envelope in headers) and sets
     * {@link Headers#INBOX_OUTCOME} to {@code stored} or {@code duplicate}.
     *
     * @throws InboxUnavailableException if the row could not be written
     */
    public void store(Exchange exchange) {
        Message in = exchange.getMessage();
        Instant now = clock.instant();
        boolean stored;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insertSql)) {
            ps.setString(1, in.getHeader(Headers.MESSAGE_ID, String.class));
            ps.setString(2, in.getHeader(Headers.EVENT_TYPE, String.class));
            ps.setString(3, in.getHeader(Headers.MODE, String.class));
            ps.setString(4, in.getHeader(Headers.API_VERSION, String.class));
            ps.setString(5, in.getBody(String.class));
            ps.setTimestamp(6, Timestamp.from(now));
            stored = ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!Dialect.isDuplicateKey(e)) {
                throw new InboxUnavailableException("inbox write failed: " + e.getMessage(), e);
            }
            stored = false;
        }
        in.setHeader(Headers.INBOX_OUTCOME, stored ? "stored" : "duplicate");
        in.setHeader(Headers.RECEIVED_AT, now);
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE webhook_inbox SET status = ?, dispatched_at = ? WHERE message_id = ? AND status = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, messageId);
            ps.setString(4, RECEIVED);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox update failed: " + e.getMessage(), e);
        }
    }

    /**
     * Events stored but never dispatched (a crash or restart came in between), oldest first. Only those
     * older than {@code graceSeconds} are returned so an event still on its way through this instance's
     * dispatch queue is not picked up twice.
     */
    public List<InboxEvent> undispatched(long graceSeconds, int limit) {
        List<InboxEvent> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT message_id, event_type, mode, api_version, body, received_at FROM webhook_inbox"
                             + " WHERE status = ? AND received_at < ? ORDER BY received_at")) {
            ps.setString(1, RECEIVED);
            ps.setTimestamp(2, Timestamp.from(clock.instant().minusSeconds(graceSeconds)));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox read failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Puts an inbox event back on an exchange the way the ingress hands it to dispatch. */
    public static void restore(Exchange exchange) {
        InboxEvent e = exchange.getMessage().getBody(InboxEvent.class);
        Message m = exchange.getMessage();
        m.setHeader(Headers.MESSAGE_ID, e.messageId());
        m.setHeader(Headers.EVENT_TYPE, e.eventType());
        m.setHeader(Headers.MODE, e.mode());
        m.setHeader(Headers.API_VERSION, e.apiVersion());
        m.setHeader(Headers.RECEIVED_AT, e.receivedAt());
        m.setBody(e.body());
    }

    static InboxEvent read(ResultSet rs) throws SQLException {
        return new InboxEvent(rs.getString("message_id"), rs.getString("event_type"), rs.getString("mode"),
                rs.getString("api_version"), rs.getString("body"), rs.getTimestamp("received_at").toInstant());
    }

    public Dialect dialect() {
        return dialect;
    }
}

package io.routepack.yunojuno.sink;

import io.routepack.yunojuno.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The table {@code sink_sent_record}: one row per (svix-id, sink) for every side effect a sink has
 * completed outside the pack (a mail handed to SMTP, a document accepted by the finance system, a file
 * written). A sink checks it before sending and records after, so a retry, a takeover after a lapsed
 * claim or an operator replay of a delivery never sends twice. The only window left is a crash between
 * the send and this insert (milliseconds); sinks close it downstream with ids derived from the svix-id
 * (Message-ID, Idempotency-Key, file names).
 */
public final class SentRecord {

    private final DataSource dataSource;
    private final Clock clock;

    public SentRecord(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** True when the event {@code messageId} (its svix-id) was already sent by {@code sink}. */
    public boolean alreadySent(String messageId, String sink) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sink_sent_record WHERE message_id = ? AND sink = ?")) {
            ps.setString(1, messageId);
            ps.setString(2, sink);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sent record read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records that {@code sink} sent the event {@code messageId}; {@code reference} (a Message-ID, an
     * idempotency key, a file name: never personal data) helps an operator trace it. A second record of the
     * same pair is a no-op.
     */
    public void record(String messageId, String sink, String reference) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sink_sent_record (message_id, sink, sent_at, reference) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, messageId);
            ps.setString(2, sink);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, reference == null ? null : reference.length() > 255 ? reference.substring(0, 255) : reference);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Dialect.isDuplicateKey(e)) {
                throw new IllegalStateException("sent record write failed: " + e.getMessage(), e);
            }
        }
    }
}

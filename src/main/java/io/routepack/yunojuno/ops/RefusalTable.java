package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.ops.RefusalWatch.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The refusal watch on disk, table {@code webhook_refusal} (migration set {@code db/ops}), so outstanding
 * refusals and their deadline survive a restart. Written only by {@link #write} on the watch's timer, with what
 * changed since the last write: at most {@code capacity} rows per write, and the table is cut back to
 * {@code capacity} rows (oldest first refusal dropped), whatever the traffic.
 */
public final class RefusalTable {

    private final DataSource dataSource;
    private final int capacity;

    public RefusalTable(DataSource dataSource, int capacity) {
        this.dataSource = dataSource;
        this.capacity = capacity;
    }

    /** The newest {@code capacity} refusals, for {@link RefusalWatch#restore}. */
    public List<Refusal> load() throws SQLException {
        List<Refusal> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT message_id, reason, first_refused_at, last_refused_at, refusals FROM webhook_refusal"
                        + " ORDER BY first_refused_at DESC")) {
            ps.setMaxRows(capacity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Refusal(rs.getString(1), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getString(2), rs.getInt(5)));
                }
            }
        }
        return out;
    }

    /** Writes one batch of changes in one transaction, then keeps the newest {@code capacity} rows. */
    public void write(RefusalWatch.Changes changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<String> deleted = new ArrayList<>(changes.recovered());
                changes.upserts().forEach(r -> deleted.add(r.messageId()));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_refusal WHERE message_id = ?")) {
                    for (String id : deleted) {
                        ps.setString(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_refusal"
                        + " (message_id, reason, first_refused_at, last_refused_at, refusals) VALUES (?, ?, ?, ?, ?)")) {
                    for (Refusal r : changes.upserts()) {
                        ps.setString(1, r.messageId());
                        ps.setString(2, r.reason());
                        ps.setTimestamp(3, Timestamp.from(r.first()));
                        ps.setTimestamp(4, Timestamp.from(r.last()));
                        ps.setInt(5, r.count());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                trim(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** Deletes every row past the newest {@code capacity}. */
    private void trim(Connection c) throws SQLException {
        List<String> excess = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_refusal"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) <= capacity) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT message_id FROM webhook_refusal ORDER BY first_refused_at DESC, message_id")) {
            try (ResultSet rs = ps.executeQuery()) {
                int seen = 0;
                while (rs.next()) {
                    if (++seen > capacity) {
                        excess.add(rs.getString(1));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_refusal WHERE message_id = ?")) {
            for (String id : excess) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rows in the table (tests and the admin view). */
    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_refusal");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.routepack.yunojuno.sink.hris;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** Inserts into the HR history tables, keyed on svix-id so a replay never writes twice. */
final class HistoryRows {

    private HistoryRows() {
    }

    /** True when {@code table} already holds a row for this svix-id. */
    static boolean recorded(Connection c, String table, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** One row per touched field into {@code table} ({@code ownerColumn} = the contact or contract id). */
    static void fieldChanges(Connection c, String table, String ownerColumn, String ownerId, HrisEvent e) throws SQLException {
        List<HrisEvent.FieldChange> changes = e.fieldChanges();
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + ownerColumn
                + ", message_id, field_name, old_value, new_value, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (HrisEvent.FieldChange f : changes) {
                ps.setString(1, ownerId);
                ps.setString(2, e.messageId());
                ps.setString(3, f.name());
                ps.setString(4, f.oldValue());
                ps.setString(5, f.newValue());
                ps.setTimestamp(6, Timestamp.from(e.receivedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

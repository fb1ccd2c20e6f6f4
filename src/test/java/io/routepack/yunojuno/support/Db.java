package io.routepack.yunojuno.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/** Small JDBC helpers for assertions: rows as maps with lower-case column names. */
public final class Db {

    private Db() {
    }

    public static List<Map<String, Object>> rows(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Clob clob) {
                            v = clob.getSubString(1, (int) clob.length());
                        }
                        row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The ledger row of (svix-id, sink) in {@code webhook_delivery}, or an empty map. */
    public static Map<String, Object> delivery(DataSource store, String messageId, String sink) {
        List<Map<String, Object>> rows = rows(store, "SELECT * FROM webhook_delivery WHERE message_id = ? AND sink = ?",
                messageId, sink);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** The status of that ledger row, or null while there is none. */
    public static String deliveryStatus(DataSource store, String messageId, String sink) {
        return (String) delivery(store, messageId, sink).get("status");
    }

    /** The status of the event's row in {@code webhook_inbox} (the row must exist). */
    public static String inboxStatus(DataSource store, String messageId) {
        return (String) rows(store, "SELECT status FROM webhook_inbox WHERE message_id = ?", messageId).get(0).get("status");
    }

    public static long count(DataSource ds, String sql, Object... args) {
        Object v = rows(ds, sql, args).get(0).values().iterator().next();
        return ((Number) v).longValue();
    }
}

package io.routepack.yunojuno.sink.hris;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A "one row per key" HR table: reads a row under a write lock and inserts or updates it, column by
 * column as {@link SnapshotColumn} describes. Plain SQL that H2, PostgreSQL and MariaDB all accept.
 */
final class SnapshotTable {

    private final String table;
    private final String key;
    private final List<SnapshotColumn> columns;

    SnapshotTable(String table, String key, List<SnapshotColumn> columns) {
        this.table = table;
        this.key = key;
        this.columns = columns;
    }

    List<SnapshotColumn> columns() {
        return columns;
    }

    /** The row with this key, locked until the transaction ends, or null when there is none yet. */
    Map<String, Object> lock(Connection c, String id) throws SQLException {
        String names = columns.stream().map(SnapshotColumn::name).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + names + " FROM " + table + " WHERE " + key + " = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (SnapshotColumn col : columns) {
                    row.put(col.name(), col.get(rs));
                }
                return row;
            }
        }
    }

    /** Inserts the row, or updates it when {@code exists}; {@code row} holds a value for every column. */
    void write(Connection c, String id, Map<String, Object> row, boolean exists) throws SQLException {
        String sql;
        if (exists) {
            sql = "UPDATE " + table + " SET " + columns.stream().map(col -> col.name() + " = ?").collect(Collectors.joining(", "))
                    + " WHERE " + key + " = ?";
        } else {
            sql = "INSERT INTO " + table + " (" + columns.stream().map(SnapshotColumn::name).collect(Collectors.joining(", "))
                    + ", " + key + ") VALUES (" + "?, ".repeat(columns.size()) + "?)";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (SnapshotColumn col : columns) {
                col.set(ps, i++, row.get(col.name()));
            }
            ps.setString(i, id);
            ps.executeUpdate();
        }
    }

    /** The stored row (or an empty one) with every column the snapshot carries replaced by the snapshot's value. */
    static Map<String, Object> merge(Map<String, Object> stored, List<SnapshotColumn> snapshotColumns, com.fasterxml.jackson.databind.JsonNode object) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (stored != null) {
            merged.putAll(stored);
        }
        for (SnapshotColumn col : snapshotColumns) {
            Object v = col.read(object);
            if (v != SnapshotColumn.ABSENT) {
                merged.put(col.name(), v);
            } else {
                merged.putIfAbsent(col.name(), null);
            }
        }
        return merged;
    }

    /** True when {@code a} and {@code b} agree on every one of {@code names}. */
    static boolean sameValues(Map<String, Object> a, Map<String, Object> b, List<SnapshotColumn> names) {
        for (SnapshotColumn col : names) {
            if (!SnapshotColumn.same(a.get(col.name()), b.get(col.name()))) {
                return false;
            }
        }
        return true;
    }
}

package io.routepack.yunojuno.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** One-statement JDBC work that several repositories share. */
public final class Sql {

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    /** Runs one INSERT, UPDATE or DELETE in its own (auto-committed) transaction; returns the rows it touched. */
    public static int update(DataSource dataSource, String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, args);
        }
    }

    /** Runs one INSERT, UPDATE or DELETE on the given connection (in its transaction, if one is open). */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return update(ps, args);
        }
    }

    /** Binds the arguments to a prepared INSERT, UPDATE or DELETE and runs it; returns the rows it touched. */
    public static int update(PreparedStatement ps, Object... args) throws SQLException {
        bind(ps, args);
        return ps.executeUpdate();
    }

    /** Runs one query and reads at most {@code maxRows} rows (0: all). */
    public static <T> List<T> query(DataSource dataSource, String sql, int maxRows, Row<T> row, Object... args)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        }
    }

    /** A timestamp column as an instant, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The items in consecutive pieces of at most {@code size}, for IN lists of a size every database takes. */
    public static <T> List<List<T>> chunks(Collection<T> items, int size) {
        List<T> all = new ArrayList<>(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    /** {@code n} comma-separated placeholders, for an IN list. */
    public static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i] instanceof Instant instant ? Timestamp.from(instant) : args[i];
            ps.setObject(i + 1, v);
        }
    }
}

package io.routepack.yunojuno.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One-statement JDBC work that several repositories share. */
public final class Sql {

    private Sql() {
    }

    /** Runs one INSERT, UPDATE or DELETE in its own (auto-committed) transaction; returns the rows it touched. */
    public static int update(DataSource dataSource, String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}

package io.routepack.yunojuno.db;

import java.sql.SQLException;
import java.util.Locale;

/** The SQL dialects the pack supports, told apart by JDBC URL. Only where they differ is code here. */
public enum Dialect {
    H2, POSTGRESQL, MARIADB;

    public static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:): "
                + jdbcUrl.replaceAll("//[^/@]*@", "//***@"));
    }

    /** Folder name of this dialect's Flyway migrations. */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the exception is a unique/primary-key violation (SQLState 23505 on H2 and PostgreSQL, error 1062 on MariaDB). */
    public static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if ("23505".equals(state) || x.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }
}

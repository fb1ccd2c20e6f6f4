package io.routepack.yunojuno.support;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.db.MigratedDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, isolated database per test class: an H2 file under target/, or a new database on the
 * machine's PostgreSQL or MariaDB. Real servers that cannot be reached make the test skip with a
 * message, except under CI (CI=true), where that is a failure.
 */
public enum TestDatabase {
    H2, POSTGRESQL, MARIADB;

    /** Server URLs, overridable for other machines: YJ_TEST_POSTGRES_URL, YJ_TEST_MARIADB_URL. */
    static final String POSTGRES_SERVER = env("YJ_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String POSTGRES_USER = env("YJ_TEST_POSTGRES_USER", "postgres");
    static final String MARIADB_SERVER = env("YJ_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    static final String MARIADB_USER = env("YJ_TEST_MARIADB_USER", "root");

    /** Creates a new empty database and returns its JDBC URL (user/password in {@link #username()}). */
    public String create() {
        String name = "yj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        switch (this) {
            case H2:
                return "jdbc:h2:file:" + Path.of("target", "h2", name).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            case POSTGRESQL:
                exec(POSTGRES_SERVER, POSTGRES_USER, "CREATE DATABASE " + name);
                return POSTGRES_SERVER.substring(0, POSTGRES_SERVER.lastIndexOf('/') + 1) + name;
            case MARIADB:
                exec(MARIADB_SERVER, MARIADB_USER, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                return MARIADB_SERVER.substring(0, MARIADB_SERVER.lastIndexOf('/') + 1) + name;
            default:
                throw new IllegalStateException();
        }
    }

    /** A new empty database with the inbox and ledger tables, as a pool of {@code poolSize} connections. */
    public HikariDataSource newInbox(int poolSize) {
        return MigratedDataSource.open("inbox", create(), username(), "", poolSize);
    }

    public String username() {
        return switch (this) {
            case H2 -> "sa";
            case POSTGRESQL -> POSTGRES_USER;
            case MARIADB -> MARIADB_USER;
        };
    }

    /** The test user for a database URL this class created. */
    public static String usernameFor(String url) {
        return url.startsWith("jdbc:postgresql:") ? POSTGRESQL.username()
                : url.startsWith("jdbc:mariadb:") ? MARIADB.username() : H2.username();
    }

    /** Skips the calling test when this database cannot be reached (fails instead under CI). */
    public void assumeAvailable() {
        if (this == H2) {
            return;
        }
        String server = this == POSTGRESQL ? POSTGRES_SERVER : MARIADB_SERVER;
        try (Connection c = DriverManager.getConnection(server, username(), "")) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = name().toLowerCase(Locale.ROOT) + " at " + server + " is not reachable (" + e.getMessage()
                    + "): its tests are skipped. Start it, or point YJ_TEST_" + (this == POSTGRESQL ? "POSTGRES" : "MARIADB")
                    + "_URL at one.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true: " + message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
    }

    private void exec(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}

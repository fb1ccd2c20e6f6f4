package io.routepack.yunojuno.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pooled data source whose schema is migrated the first time a connection is asked for, and again
 * on the next call if that failed (the database was down). While the database is known to be down (a
 * migration or a connection failed a moment ago), callers fail at once instead of each waiting out a
 * connection timeout. Closing it closes the pool.
 */
public final class LazilyMigratedDataSource implements DataSource, AutoCloseable {

    private final HikariDataSource pool;
    private final Runnable migration;
    private volatile boolean migrated;
    /** After a failed attempt, callers fail at once for a while instead of queueing behind the next try. */
    private static final long RETRY_AFTER_MILLIS = 5_000;
    private volatile long lastFailure;
    private volatile String lastFailureMessage;

    LazilyMigratedDataSource(HikariDataSource pool, Runnable migration) {
        this.pool = pool;
        this.migration = migration;
    }

    @Override
    public Connection getConnection() throws SQLException {
        ensureMigrated();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw remember(e);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        ensureMigrated();
        try {
            return pool.getConnection(username, password);
        } catch (SQLException e) {
            throw remember(e);
        }
    }

    /**
     * The database is not reachable when the pool could not open a connection (its timeout carries the cause)
     * or the driver says so; a pool that is only busy (a timeout without a cause) is not a reason to fail fast.
     */
    private SQLException remember(SQLException e) {
        boolean unreachable = e instanceof SQLTransientConnectionException ? e.getCause() != null
                : e.getSQLState() != null && e.getSQLState().startsWith("08");
        if (unreachable) {
            lastFailureMessage = e.getMessage();
            lastFailure = System.currentTimeMillis();
        }
        return e;
    }

    private void ensureMigrated() throws SQLException {
        if (System.currentTimeMillis() - lastFailure < RETRY_AFTER_MILLIS) {
            throw new SQLException("database not reachable a moment ago: " + lastFailureMessage, "08001");
        }
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                try {
                    migration.run();
                    migrated = true;
                } catch (RuntimeException e) {
                    lastFailureMessage = e.getMessage();
                    lastFailure = System.currentTimeMillis();
                    throw new SQLException("database not reachable or not migratable yet: " + e.getMessage(), "08001", e);
                }
            }
        }
    }

    /** The pool itself, e.g. to close it in a test. */
    public HikariDataSource pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}

package io.routepack.yunojuno.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens a pooled data source and brings its schema up to date with Flyway, one migration set per
 * dialect. Each schema ({@code inbox}, {@code hris}, …) keeps its own history table, so several can
 * share one database.
 */
public final class MigratedDataSource {

    private MigratedDataSource() {
    }

    /**
     * Opens the pool and migrates now: start-up fails, with the driver's message, when the database is
     * not there. For the pack's own store, without which nothing can be acknowledged.
     *
     * @param schema   migration set under {@code db/<schema>/<dialect>/} on the classpath
     * @param url      JDBC URL
     * @param poolSize maximum pool size
     */
    public static HikariDataSource open(String schema, String url, String username, String password, int poolSize) {
        HikariDataSource ds = new HikariDataSource(config(schema, url, username, password, poolSize, 10_000));
        try {
            migrate(schema, Dialect.of(url), ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return ds;
    }

    /**
     * Opens the pool without connecting, and migrates on first use: for a sink's database, whose outage
     * must not keep the pack from receiving webhooks (its deliveries wait and retry instead).
     *
     * @param connectTimeoutMillis longest wait for a connection, from the pool or a new one (the driver's
     *                             connect and login timeouts too), so an attempt fails fast while it is down
     * @param socketTimeoutMillis  longest wait for the server's answer on an open connection (PostgreSQL and
     *                             MariaDB), so a connection the network dropped mid-write fails and is replaced
     */
    public static LazilyMigratedDataSource openLazily(String schema, String url, String username, String password, int poolSize,
                                                      long connectTimeoutMillis, long socketTimeoutMillis) {
        HikariConfig config = config(schema, url, username, password, poolSize, -1);
        config.setConnectionTimeout(connectTimeoutMillis);
        config.setValidationTimeout(Math.min(config.getValidationTimeout(), connectTimeoutMillis));
        switch (Dialect.of(url)) {
            case POSTGRESQL -> {
                long seconds = Math.max(1, (connectTimeoutMillis + 999) / 1000);
                config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
                config.addDataSourceProperty("loginTimeout", String.valueOf(seconds));
                config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, (socketTimeoutMillis + 999) / 1000)));
            }
            case MARIADB -> {
                config.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeoutMillis));
                config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutMillis));
            }
            case H2 -> {
                // an embedded file, or H2's own server in tests: no driver timeouts to set
            }
        }
        HikariDataSource ds = new HikariDataSource(config);
        return new LazilyMigratedDataSource(ds, () -> migrate(schema, Dialect.of(url), ds));
    }

    /**
     * Brings one more migration set up to date on an already open data source (several schemas sharing
     * one pool, e.g. {@code sinks} on the store database), with its own history table.
     */
    public static void migrate(String schema, Dialect dialect, DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/" + schema + "/" + dialect.folder())
                .table("flyway_" + schema + "_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static HikariConfig config(String schema, String url, String username, String password, int poolSize,
                                       long initializationFailTimeout) {
        Dialect.of(url); // refuse an unsupported URL at start-up either way
        HikariConfig config = new HikariConfig();
        config.setPoolName(schema);
        config.setJdbcUrl(url);
        config.setUsername(emptyToNull(username));
        config.setPassword(emptyToNull(password));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setInitializationFailTimeout(initializationFailTimeout);
        config.setConnectionTimeout(5_000);
        return config;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

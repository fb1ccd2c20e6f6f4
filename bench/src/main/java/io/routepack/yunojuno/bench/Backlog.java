package io.routepack.yunojuno.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Events stored by the ingress but not yet dispatched (a count query on the pack's database). Phases
 * that measure latency start only once dispatch has caught up with the previous phase, so they do not
 * measure its leftovers; the time it takes is itself a figure (dispatch throughput).
 */
final class Backlog {

    private static final long POLL_MS = 200;

    private final String url;
    private final String user;
    private final String password;
    private final String countSql;

    Backlog(String url, String user, String password, String countSql) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.countSql = countSql;
    }

    /** Waits (at most {@code max}) until the backlog is empty; describes what happened. */
    String await(Duration max, String when) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            long first = count(s);
            long left = first;
            while (left > 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MS);
                left = count(s);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String what = left == 0
                    ? String.format(Locale.ROOT, "%d undispatched %s, worked off in %.1f s%s", first, when, secs,
                            first > 0 && secs > 0.5 ? String.format(Locale.ROOT, " (~%.0f/s)", first / secs) : "")
                    : String.format(Locale.ROOT, "%d undispatched %s, %d still left after %.0f s (~%.0f/s)", first, when, left,
                            secs, (first - left) / secs);
            System.out.println("  backlog: " + what);
            return what;
        }
    }

    private long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(countSql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

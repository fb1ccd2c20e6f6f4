package io.routepack.yunojuno.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * End-to-end lag: for every event answered 2xx, polls the pack's database with a configurable query
 * (one {@code ?} = the svix-id, first column = the time the downstream row was written) until the row
 * shows up, and takes lag = that time - the wall-clock time the 2xx arrived. Both clocks are this
 * machine's. Runs on its own thread; polling is bounded by a deadline.
 */
final class LagProbe implements AutoCloseable {

    private static final long POLL_INTERVAL_MS = 50;

    private record Acked(String id, long ackMillis) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String sql;
    private final ConcurrentLinkedQueue<Acked> incoming = new ConcurrentLinkedQueue<>();
    private final List<Long> lagsMillis = new ArrayList<>();
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private volatile boolean loadDone;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private Thread thread;
    private Exception failure;
    private long queries;

    LagProbe(String jdbcUrl, String user, String password, String sql) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.sql = sql;
    }

    /** Called for every 2xx (from the load driver's threads). */
    void acked(String id, long ackMillis) {
        incoming.add(new Acked(id, ackMillis));
    }

    void start() {
        thread = new Thread(this::run, "lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** No more acks will come; waits (at most {@code drain}) for the remaining rows. */
    void finish(Duration drain) throws InterruptedException {
        deadlineNanos = System.nanoTime() + drain.toNanos();
        loadDone = true;
        thread.join(drain.toMillis() + 5_000);
    }

    private void run() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            while (System.nanoTime() < deadlineNanos) {
                boolean finalPass = loadDone;
                for (Acked a; (a = incoming.poll()) != null; ) {
                    pending.put(a.id(), a.ackMillis());
                }
                for (Iterator<Map.Entry<String, Long>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Long> p = it.next();
                    ps.setString(1, p.getKey());
                    queries++;
                    try (ResultSet rs = ps.executeQuery()) {
                        Timestamp written = rs.next() ? rs.getTimestamp(1) : null;
                        if (written != null) {
                            synchronized (lagsMillis) {
                                lagsMillis.add(written.getTime() - p.getValue());
                            }
                            it.remove();
                        }
                    }
                }
                if (finalPass && pending.isEmpty() && incoming.isEmpty()) {
                    return;
                }
                Thread.sleep(POLL_INTERVAL_MS);
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Lags found (ms, may be slightly negative: the row can be written before the 2xx reaches the client). */
    long[] lags() {
        synchronized (lagsMillis) {
            long[] out = lagsMillis.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(out);
            return out;
        }
    }

    /** Acked events whose row never showed up before the deadline. */
    int missing() {
        return pending.size() + incoming.size();
    }

    Exception failure() {
        return failure;
    }

    long queries() {
        return queries;
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public void close() throws InterruptedException {
        deadlineNanos = 0;
        if (thread != null) {
            thread.join(5_000);
        }
    }
}

package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for inbox inserts: requests that arrive together are written in one transaction, and
 * each request is answered only after that transaction has committed. One commit per batch instead of
 * one per request is what lets a database that syncs every commit take thousands of events a second.
 * A few writer threads take batches from one queue, so a batch forms while the previous one commits.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(InboxEvent event, CompletableFuture<Boolean> stored) {
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String insertSql;
    private final int maxBatch;
    private final long timeoutMillis;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommitWriter(DataSource dataSource, Dialect dialect, int writerThreads, int maxBatch, long timeoutMillis) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        String insert = "INSERT INTO webhook_inbox (message_id, event_type, mode, api_version, body, received_at, offered_at,"
                + " status) VALUES (?, ?, ?, ?, ?, ?, ?, '" + InboxRepository.RECEIVED + "')";
        // PostgreSQL aborts the transaction on a key violation; ask it to skip the row instead.
        this.insertSql = dialect == Dialect.POSTGRESQL ? insert + " ON CONFLICT (message_id) DO NOTHING" : insert;
        this.maxBatch = maxBatch;
        this.timeoutMillis = timeoutMillis;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * writerThreads * 4));
        for (int i = 0; i < writerThreads; i++) {
            Thread t = new Thread(this::run, "inbox-writer-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    /**
     * Writes one event and waits for its commit.
     *
     * @return true if stored, false if its svix-id was already there
     * @throws SQLException if the write failed or did not commit in time (the caller answers 503)
     */
    boolean insert(InboxEvent event) throws SQLException {
        Pending p = new Pending(event, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(p, timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException("inbox writer busy or stopped", "08000");
            }
            return p.stored().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while storing", "08000", e);
        } catch (TimeoutException e) {
            throw new SQLException("inbox write did not commit within " + timeoutMillis + " ms", "08000", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("inbox writer: unexpected {}", e.getClass().getSimpleName());
                batch.forEach(p -> p.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        boolean[] stored = new boolean[batch.size()];
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                for (int i = 0; i < batch.size(); i++) {
                    stored[i] = insertOne(ps, batch.get(i).event());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            batch.forEach(p -> p.stored().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(stored[i]);
        }
    }

    /** PostgreSQL skips a duplicate (ON CONFLICT); H2 and MariaDB refuse it, and only that statement is undone. */
    private boolean insertOne(PreparedStatement ps, InboxEvent e) throws SQLException {
        ps.setString(1, e.messageId());
        ps.setString(2, e.eventType());
        ps.setString(3, e.mode());
        ps.setString(4, e.apiVersion());
        ps.setString(5, e.body());
        ps.setTimestamp(6, Timestamp.from(e.receivedAt()));
        ps.setTimestamp(7, Timestamp.from(e.receivedAt()));
        try {
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (dialect != Dialect.POSTGRESQL && Dialect.isDuplicateKey(ex)) {
                return false;
            }
            throw ex;
        }
    }

    /** Writes what is queued, then stops the writer threads. */
    @Override
    public void close() {
        running = false;
        for (Thread t : writers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

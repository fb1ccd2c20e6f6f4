package io.routepack.yunojuno.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Group commit: writes that arrive together are applied in one transaction, and each caller returns
 * only after that transaction has committed. One commit (and one sync of the database's log) per batch
 * instead of per write is what lets a database take thousands of writes a second on two cores.
 * A few writer threads take batches from one queue, so a batch forms while the previous one commits.
 * <p>
 * If a batch fails, each of its writes is tried again in a transaction of its own, so one write the
 * database refuses (a poison event) fails alone and never takes the others in its batch down with it.
 *
 * @param <T> what one write is given
 * @param <R> what one write returns to its caller
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    /** One write, applied inside the batch's transaction. */
    @FunctionalInterface
    public interface Write<T, R> {
        R apply(Statements statements, T item) throws SQLException;
    }

    /** All writes of a batch, applied inside its transaction: one result per item, in their order. */
    @FunctionalInterface
    public interface BatchWrite<T, R> {
        List<R> apply(Statements statements, List<T> items) throws SQLException;
    }

    /** The batch's connection, with its prepared statements kept for the whole batch. */
    public static final class Statements {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        private Statements(Connection connection) {
            this.connection = connection;
        }

        /** The statement for this SQL, prepared once per batch. */
        public PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        /** Runs one INSERT, UPDATE or DELETE in the batch's transaction, its statement prepared once per batch. */
        public int update(String sql, Object... args) throws SQLException {
            return Sql.update(get(sql), args);
        }

        private void close() {
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // the connection goes back to the pool, which resets it
                }
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    private final String name;
    private final DataSource dataSource;
    private final BatchWrite<T, R> write;
    private final int maxBatch;
    private final long timeoutMillis;
    private final BlockingQueue<Pending<T, R>> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param name          thread name prefix, e.g. {@code inbox-writer}
     * @param writerThreads threads committing batches
     * @param maxBatch      most writes per commit
     * @param timeoutMillis how long a caller waits for its commit before it gets an error
     */
    public GroupCommit(String name, DataSource dataSource, Write<T, R> write, int writerThreads, int maxBatch,
                       long timeoutMillis) {
        this(name, dataSource, writerThreads, maxBatch, timeoutMillis, (statements, items) -> {
            List<R> results = new ArrayList<>(items.size());
            for (T item : items) {
                results.add(write.apply(statements, item));
            }
            return results;
        });
    }

    /** A group commit whose writes are applied together, e.g. as one JDBC batch (one round trip). */
    public static <T, R> GroupCommit<T, R> batched(String name, DataSource dataSource, BatchWrite<T, R> write,
                                                 int writerThreads, int maxBatch, long timeoutMillis) {
        return new GroupCommit<>(name, dataSource, writerThreads, maxBatch, timeoutMillis, write);
    }

    private GroupCommit(String name, DataSource dataSource, int writerThreads, int maxBatch, long timeoutMillis,
                        BatchWrite<T, R> write) {
        if (writerThreads < 1 || maxBatch < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException(name + ": writers, max batch and timeout must be at least 1");
        }
        this.name = name;
        this.dataSource = dataSource;
        this.write = write;
        this.maxBatch = maxBatch;
        this.timeoutMillis = timeoutMillis;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * writerThreads * 4));
        for (int i = 0; i < writerThreads; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    /**
     * Applies one write and waits for its commit.
     *
     * @throws SQLException if the write failed or did not commit in time
     */
    public R submit(T item) throws SQLException {
        Pending<T, R> p = new Pending<>(item, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(p, timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException(name + " busy or stopped", "08000");
            }
            return p.done().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for " + name, "08000", e);
        } catch (TimeoutException e) {
            throw new SQLException(name + ": not committed within " + timeoutMillis + " ms", "08000", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (!commit(batch) && batch.size() > 1) {
                    for (Pending<T, R> p : batch) {
                        commit(List.of(p));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected {}", name, e.getClass().getSimpleName());
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Applies the writes in one transaction and completes each caller with its result. Returns false when
     * the transaction failed on a write (the caller then retries a batch write by write); a single write's
     * error, or a database out of reach, goes straight to the callers.
     */
    private boolean commit(List<Pending<T, R>> batch) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e)); // no use retrying one by one
            return true;
        }
        List<R> results;
        Statements statements = new Statements(c);
        try (c) {
            c.setAutoCommit(false);
            try {
                List<T> items = new ArrayList<>(batch.size());
                for (Pending<T, R> p : batch) {
                    items.add(p.item());
                }
                results = write.apply(statements, items);
                if (results.size() != items.size()) {
                    throw new IllegalStateException(name + ": " + results.size() + " results for " + items.size() + " writes");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                statements.close();
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
            }
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
        return true;
    }

    /** How many writes are waiting for a writer thread. */
    public int queued() {
        return queue.size();
    }

    /** Commits what is queued, then stops the writer threads. */
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

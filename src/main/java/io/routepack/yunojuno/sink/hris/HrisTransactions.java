package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.GroupCommit;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Runs each event's apply in a transaction on the HR database, with group commit: applies that arrive
 * together share one transaction and one commit, and each caller returns only after that commit. A batch
 * that fails is applied again event by event, so one bad event fails alone. A lost race (two first events
 * for one record, a deadlock with another instance) is run again at once; other failures become exceptions
 * whose message carries no payload value, so no personal data reaches the ledger or the logs.
 */
public final class HrisTransactions implements AutoCloseable {

    /** Work done inside the transaction; returns the outcome. */
    interface Work {
        String run(Connection c) throws SQLException;
    }

    private static final int ATTEMPTS = 3;

    private final GroupCommit<Work, String> commits;

    /**
     * @param maxBatch      most events per commit
     * @param timeoutMillis how long an apply waits for its commit before it fails (and is retried later)
     * @param lingerMillis  how long an event that comes alone waits for another to share its commit (see {@link GroupCommit})
     */
    public HrisTransactions(DataSource dataSource, int maxBatch, long timeoutMillis, long lingerMillis) {
        // One writer thread: two batches of this process never wait on each other's row locks.
        this.commits = new GroupCommit<>("hris-writer", dataSource, (statements, work) -> work.run(statements.connection()),
                1, maxBatch, timeoutMillis, lingerMillis);
    }

    String run(Work work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commits.submit(work);
            } catch (SQLException e) {
                if (e.getSQLState() == null && e.getCause() instanceof RuntimeException r) {
                    throw r; // e.g. a PermanentDeliveryException from the event's values, or the database not reachable
                }
                if (attempt < ATTEMPTS && (Dialect.isDuplicateKey(e) || isLostRace(e))) {
                    continue;
                }
                throw translate(e);
            }
        }
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() {
        commits.close();
    }

    /** Deadlock or serialization failure (SQLState class 40). */
    private static boolean isLostRace(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("40");
    }

    /**
     * A value the table cannot hold (SQLState class 22: too long, out of range) never fits on a retry;
     * anything else (database down, lock timeout) may. Only connection errors keep their message:
     * database messages can quote the values written.
     */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what = "HR database error " + e.getClass().getSimpleName() + " (SQLState " + state + ", code " + e.getErrorCode() + ")";
        if (state.startsWith("22")) {
            return new PermanentDeliveryException(what + ": a value does not fit its column");
        }
        if (e instanceof SQLTransientConnectionException || state.startsWith("08")) {
            return new IllegalStateException(what + ": " + e.getMessage());
        }
        return new IllegalStateException(what);
    }
}

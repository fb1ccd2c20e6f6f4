package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Runs each event's apply in a transaction of its own on the HR database; the delivery is recorded only
 * after it has committed. A lost race (two first events for one record, a deadlock with another instance)
 * is run again at once; other failures become exceptions whose message carries no payload value, so no
 * personal data reaches the ledger or the logs.
 */
public final class HrisTransactions {

    /** Work done inside the transaction; returns the outcome. */
    interface Work {
        String run(Connection c) throws SQLException;
    }

    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;

    public HrisTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    String run(Work work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commit(work);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && (Dialect.isDuplicateKey(e) || isLostRace(e))) {
                    continue;
                }
                throw translate(e);
            }
        }
    }

    /** Applies the work and commits; undoes it on any failure (a PermanentDeliveryException from its values too). */
    private String commit(Work work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String outcome = work.run(c);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
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

package io.routepack.yunojuno.sink.finance;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.Samples;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Shared bits of the finance sink tests: ledger rows, an operator-style replay, sample variants. */
final class FinanceFixtures {

    static final String SPEND_ID = "spreq_c7m2qk4xv9bn3td8wf5hj1ly6";
    static final String APPROVAL_URL = "https://app.yunojuno.com/approvals/aprvl_c3f8nw1kq6zt9hm4xb7vd2jr5/";
    static final String TITLE = "Q4 platform squad - contract engineering";

    private FinanceFixtures() {
    }

    /** The ledger row of (svix-id, sink), or an empty map. */
    static Map<String, Object> delivery(DataSource store, String messageId, String sink) {
        return Db.delivery(store, messageId, sink);
    }

    static String status(DataSource store, String messageId, String sink) {
        return (String) delivery(store, messageId, sink).get("status");
    }

    static int attempts(DataSource store, String messageId, String sink) {
        return ((Number) delivery(store, messageId, sink).get("attempts")).intValue();
    }

    /** What an operator's replay does: puts a finished delivery back to pending, due now. */
    static void replay(DataSource store, String messageId, String sink) {
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery"
                + " SET status = 'pending', next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL"
                + " WHERE message_id = ? AND sink = ?")) {
            ps.setTimestamp(1, new Timestamp(System.currentTimeMillis() - 1000));
            ps.setString(2, messageId);
            ps.setString(3, sink);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no delivery to replay");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The approved sample with another title (JSON-escaped by the caller if needed). */
    static byte[] approvedWithTitle(String title) {
        String text = new String(Samples.bytes("client.spend_request.approved"), StandardCharsets.UTF_8);
        String changed = text.replace("\"title\": \"" + TITLE + "\"", "\"title\": \"" + title + "\"");
        if (changed.equals(text)) {
            throw new IllegalStateException("sample title not found");
        }
        return changed.getBytes(StandardCharsets.UTF_8);
    }
}

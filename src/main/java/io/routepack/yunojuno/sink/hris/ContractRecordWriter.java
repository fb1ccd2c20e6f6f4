package io.routepack.yunojuno.sink.hris;

import com.fasterxml.jackson.databind.JsonNode;
import io.routepack.yunojuno.sink.BoundedDecimal;
import io.routepack.yunojuno.sink.hris.SnapshotColumn.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code client.contract.*} events to {@code contract_record} (one row per contract, never moved
 * back by a late event), {@code contract_event} (one row per event) and, for
 * {@code custom_fields_updated}, {@code contract_custom_field_change}; all in one transaction, once per svix-id.
 * Only the documented columns are copied: nothing else of the contractor (no date of birth).
 */
public final class ContractRecordWriter {

    /** Columns taken from the contract snapshot ({@code data.object}). */
    static final List<SnapshotColumn> SNAPSHOT = List.of(
            SnapshotColumn.text("client_contact_id", "client_contact.client_contact_id"),
            SnapshotColumn.text("freelancer_id", "freelancer.freelancer_id", "client_contact.freelancer_id"),
            SnapshotColumn.text("freelancer_name", "freelancer.full_name"),
            SnapshotColumn.text("freelancer_email", "freelancer.email"),
            SnapshotColumn.text("title", "title"),
            SnapshotColumn.text("job_title", "job_title"),
            SnapshotColumn.date("start_date", "start_date"),
            SnapshotColumn.date("end_date", "end_date"),
            SnapshotColumn.date("actual_end_date", "actual_end_date"),
            SnapshotColumn.money("rate_value", "rate.value"),
            SnapshotColumn.text("rate_currency", "rate.currency"),
            SnapshotColumn.text("rate_unit", "rate.unit"),
            SnapshotColumn.text("work_location", "work_location"),
            SnapshotColumn.text("work_time_type", "work_time_type"),
            SnapshotColumn.text("spend_request_id", "spend_request.spend_request_id"));

    private static final SnapshotColumn STATUS = SnapshotColumn.own("status", Kind.TEXT);
    /** What "the record changed" is judged on. */
    private static final List<SnapshotColumn> CONTENT = concat(SNAPSHOT, List.of(STATUS));
    private static final SnapshotTable RECORDS = new SnapshotTable("contract_record", "contract_id", concat(CONTENT,
            List.of(SnapshotColumn.own("last_message_id", Kind.TEXT), SnapshotColumn.own("updated_at", Kind.TIMESTAMP))));

    private final HrisTransactions transactions;
    private final Clock clock;

    public ContractRecordWriter(HrisTransactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Applies one stored event; returns the {@link Outcome} (applied, unchanged, late or duplicate). */
    public String apply(String messageId, String eventType, Instant receivedAt, String body) {
        HrisEvent e = HrisEvent.of(messageId, eventType, receivedAt, body, clock);
        String contractId = e.requiredId("contract_id");
        checkFees(e.object());
        boolean fieldsChanged = "custom_fields_updated".equals(e.action());
        return transactions.run(c -> {
            if (HistoryRows.recorded(c, "contract_event", e.messageId())) {
                return Outcome.DUPLICATE;
            }
            String status = null;
            String outcome;
            if (fieldsChanged) {
                HistoryRows.fieldChanges(c, "contract_custom_field_change", "contract_id", contractId, e);
                outcome = Outcome.APPLIED;
            } else {
                status = ContractStatus.of(e.action());
                outcome = applyToRecord(c, contractId, status, e);
            }
            insertEvent(c, contractId, status, outcome, e);
            return outcome;
        });
    }

    private String applyToRecord(Connection c, String contractId, String status, HrisEvent e) throws SQLException {
        Map<String, Object> stored = RECORDS.lock(c, contractId);
        if (!ContractStatus.takes(stored == null ? null : (String) stored.get(STATUS.name()), status)) {
            return Outcome.LATE;
        }
        Map<String, Object> row = SnapshotTable.merge(stored, SNAPSHOT, e.object());
        row.put(STATUS.name(), status);
        if (stored != null && SnapshotTable.sameValues(stored, row, CONTENT)) {
            return Outcome.UNCHANGED;
        }
        row.put("last_message_id", e.messageId());
        row.put("updated_at", clock.instant());
        RECORDS.write(c, contractId, row, stored != null);
        return Outcome.APPLIED;
    }

    private void insertEvent(Connection c, String contractId, String status, String outcome, HrisEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contract_event (message_id, contract_id, event_type,"
                + " status, outcome, received_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.messageId());
            ps.setString(2, contractId);
            ps.setString(3, e.eventType());
            ps.setString(4, status);
            ps.setString(5, outcome);
            ps.setTimestamp(6, Timestamp.from(e.receivedAt()));
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    /**
     * The fee schedule is not copied, but a contract whose fees are out of range ({@link BoundedDecimal}) is
     * refused as a whole, as one with such a rate is: its figures cannot be trusted.
     */
    static void checkFees(JsonNode contract) {
        JsonNode periods = contract.path("fee_schedule").path("periods");
        for (int p = 0; p < periods.size(); p++) {
            JsonNode period = periods.get(p);
            String at = "fee_schedule.periods[" + p + "]";
            JsonNode fees = period.path("fees");
            for (int f = 0; f < fees.size(); f++) {
                checkAmount(fees.get(f).path("value"), at + ".fees[" + f + "].value");
            }
            checkAmount(period.path("total_cost").path("value"), at + ".total_cost.value");
            checkAmount(period.path("total_fees").path("value"), at + ".total_fees.value");
        }
    }

    private static void checkAmount(JsonNode value, String what) {
        if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
            BoundedDecimal.parse(value.asText(), what);
        }
    }

    static List<SnapshotColumn> concat(List<SnapshotColumn> a, List<SnapshotColumn> b) {
        List<SnapshotColumn> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}

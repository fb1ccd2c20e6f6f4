package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.sink.hris.SnapshotColumn.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code client.client_contact.*} events to {@code contractor_onboarding} (one row per client
 * contact, never moved back by a late event), {@code contractor_onboarding_event} (one row per event)
 * and, for {@code custom_fields_updated}, {@code contractor_custom_field_change}; all in one
 * transaction, once per svix-id. States, bookability included, come from the payload's {@code status}.
 */
public final class ContractorOnboardingWriter {

    private static final SnapshotColumn REGISTRATION = SnapshotColumn.text("registration_state", "status.registration_state");
    private static final SnapshotColumn ONBOARDING = SnapshotColumn.text("onboarding_state", "status.onboarding_state");
    private static final SnapshotColumn BOOKABILITY = SnapshotColumn.text("bookability_state", "status.bookability_state");

    /** Columns taken from the client-contact snapshot ({@code data.object}). */
    static final List<SnapshotColumn> SNAPSHOT = List.of(
            SnapshotColumn.text("freelancer_id", "freelancer_id"),
            REGISTRATION,
            ONBOARDING,
            BOOKABILITY,
            SnapshotColumn.json("custom_fields", "custom_fields"),
            SnapshotColumn.text("directory_url", "url"));

    private static final SnapshotTable CONTACTS = new SnapshotTable("contractor_onboarding", "client_contact_id",
            ContractRecordWriter.concat(SNAPSHOT, List.of(SnapshotColumn.own("last_event_type", Kind.TEXT),
                    SnapshotColumn.own("last_message_id", Kind.TEXT), SnapshotColumn.own("updated_at", Kind.TIMESTAMP))));

    private final HrisTransactions transactions;
    private final Clock clock;

    public ContractorOnboardingWriter(HrisTransactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Applies one stored event; returns the {@link Outcome} (applied, unchanged, late or duplicate). */
    public String apply(String messageId, String eventType, Instant receivedAt, String body) {
        HrisEvent e = HrisEvent.of(messageId, eventType, receivedAt, body, clock);
        String contactId = e.requiredId("client_contact_id");
        return transactions.run(c -> {
            if (HistoryRows.recorded(c, "contractor_onboarding_event", e.messageId())) {
                return Outcome.DUPLICATE;
            }
            // The change log keeps every change, late or not; the snapshot below decides the current row.
            if ("custom_fields_updated".equals(e.action())) {
                HistoryRows.fieldChanges(c, "contractor_custom_field_change", "client_contact_id", contactId, e);
            }
            String outcome = applyToRow(c, contactId, e);
            insertEvent(c, contactId, outcome, e);
            return outcome;
        });
    }

    private String applyToRow(Connection c, String contactId, HrisEvent e) throws SQLException {
        Map<String, Object> stored = CONTACTS.lock(c, contactId);
        Map<String, Object> row = SnapshotTable.merge(stored, SNAPSHOT, e.object());
        if (stored != null && OnboardingStates.isBehind(stored.get(REGISTRATION.name()), stored.get(ONBOARDING.name()),
                row.get(REGISTRATION.name()), row.get(ONBOARDING.name()))) {
            return Outcome.LATE;
        }
        if (stored != null && SnapshotTable.sameValues(stored, row, SNAPSHOT)) {
            return Outcome.UNCHANGED;
        }
        row.put("last_event_type", e.eventType());
        row.put("last_message_id", e.messageId());
        row.put("updated_at", clock.instant());
        CONTACTS.write(c, contactId, row, stored != null);
        return Outcome.APPLIED;
    }

    private void insertEvent(Connection c, String contactId, String outcome, HrisEvent e) throws SQLException {
        // The states this event carried, as they came (absent -> NULL).
        Object registration = REGISTRATION.read(e.object());
        Object onboarding = ONBOARDING.read(e.object());
        Object bookability = BOOKABILITY.read(e.object());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contractor_onboarding_event (message_id, client_contact_id,"
                + " event_type, registration_state, onboarding_state, bookability_state, outcome, received_at, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.messageId());
            ps.setString(2, contactId);
            ps.setString(3, e.eventType());
            ps.setString(4, registration instanceof String s ? s : null);
            ps.setString(5, onboarding instanceof String s ? s : null);
            ps.setString(6, bookability instanceof String s ? s : null);
            ps.setString(7, outcome);
            ps.setTimestamp(8, Timestamp.from(e.receivedAt()));
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }
}

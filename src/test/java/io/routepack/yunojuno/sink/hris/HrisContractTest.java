package io.routepack.yunojuno.sink.hris;

import static io.routepack.yunojuno.sink.hris.HrisStory.CANCELLED_CONTRACT;
import static io.routepack.yunojuno.sink.hris.HrisStory.DELETED_CONTRACT;
import static io.routepack.yunojuno.sink.hris.HrisStory.INVITED_CONTACT;
import static io.routepack.yunojuno.sink.hris.HrisStory.MAIN_CONTRACT;
import static io.routepack.yunojuno.sink.hris.HrisStory.ONBOARDED_CONTACT;
import static io.routepack.yunojuno.sink.hris.HrisStory.REVOKED_CONTRACT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HR sink's promises, against each supported database: the sample story, posted signed over HTTP
 * to the real pack, fills the HR tables exactly; late events never move a record back but are kept
 * in history; replays (new or same svix-ids) change nothing; amounts stay exact; payloads are read
 * tolerantly. The HR database is a database of its own here, apart from the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HrisContractTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> CONTRACT_RECORD_COLUMNS = List.of("contract_id", "client_contact_id", "freelancer_id",
            "freelancer_name", "freelancer_email", "title", "job_title", "status", "start_date", "end_date", "actual_end_date",
            "rate_value", "rate_currency", "rate_unit", "work_location", "work_time_type", "spend_request_id", "last_message_id",
            "updated_at");
    static final List<String> ONBOARDING_COLUMNS = List.of("client_contact_id", "freelancer_id", "registration_state",
            "onboarding_state", "bookability_state", "custom_fields", "directory_url", "last_event_type", "last_message_id",
            "updated_at");

    PackRunner pack;
    DataSource store;
    DataSource hris;

    abstract TestDatabase database();

    @BeforeAll
    void start() {
        TestDatabase database = database();
        database.assumeAvailable();
        Map<String, String> props = PackRunner.defaults(database.create());
        props.put("store.jdbc.username", database.username());
        props.put("hris.jdbc.url", database.create());
        props.put("hris.jdbc.username", database.username());
        pack = PackRunner.start(props);
        store = pack.storeDataSource();
        hris = pack.hrisDataSource();
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void sampleStoryFillsTheHrTablesExactly() throws Exception {
        HrisStory story = HrisStory.samples();
        Map<String, String> sent = tell(story, true);

        // contractor_onboarding: one row per client contact, columns exactly as documented
        List<Map<String, Object>> contacts = onboardingRows(story);
        assertEquals(2, contacts.size());
        for (Map<String, Object> row : contacts) {
            assertEquals(ONBOARDING_COLUMNS, new ArrayList<>(row.keySet()));
            assertNotNull(row.remove("updated_at"));
            assertEquals(customFields("client.client_contact." + (row.get("client_contact_id").equals(INVITED_CONTACT)
                    ? "custom_fields_updated" : "created.already-onboarded")), JSON.readTree((String) row.remove("custom_fields")));
        }
        assertEquals(row("client_contact_id", INVITED_CONTACT, "freelancer_id", "fp_c7d3qx9mk1wt5rn8vb2hz6jf4",
                "registration_state", "REGISTERED", "onboarding_state", "FINISHED", "bookability_state", "BOOKABLE",
                "directory_url", "https://app.yunojuno.com/directory/fp_c7d3qx9mk1wt5rn8vb2hz6jf4/",
                "last_event_type", "client.client_contact.custom_fields_updated",
                "last_message_id", sent.get("client.client_contact.custom_fields_updated")), contacts.get(0));
        assertEquals(row("client_contact_id", ONBOARDED_CONTACT, "freelancer_id", "fp_c6k1wr8tz3mq5vd9xn2hb7jl4",
                "registration_state", "REGISTERED", "onboarding_state", "FINISHED", "bookability_state", "BOOKABLE",
                "directory_url", "https://app.yunojuno.com/directory/fp_c6k1wr8tz3mq5vd9xn2hb7jl4/",
                "last_event_type", "client.client_contact.created",
                "last_message_id", sent.get("client.client_contact.created.already-onboarded")), contacts.get(1));

        // contractor_onboarding_event: every event, in order, as it came
        assertEquals(List.of(
                        List.of(sent.get("client.client_contact.created"), INVITED_CONTACT, "client.client_contact.created", "INVITED", "NOT_STARTED", "NOT_BOOKABLE", "applied"),
                        List.of(sent.get("client.client_contact.registered"), INVITED_CONTACT, "client.client_contact.registered", "REGISTERED", "IN_PROGRESS", "NOT_BOOKABLE", "applied"),
                        List.of(sent.get("client.client_contact.onboarding_completed"), INVITED_CONTACT, "client.client_contact.onboarding_completed", "REGISTERED", "FINISHED", "BOOKABLE", "applied"),
                        List.of(sent.get("client.client_contact.custom_fields_updated"), INVITED_CONTACT, "client.client_contact.custom_fields_updated", "REGISTERED", "FINISHED", "BOOKABLE", "applied"),
                        List.of(sent.get("client.client_contact.created.already-onboarded"), ONBOARDED_CONTACT, "client.client_contact.created", "REGISTERED", "FINISHED", "BOOKABLE", "applied")),
                values(Db.rows(hris, "SELECT message_id, client_contact_id, event_type, registration_state, onboarding_state,"
                        + " bookability_state, outcome FROM contractor_onboarding_event WHERE client_contact_id IN (?, ?)"
                        + " ORDER BY received_at, recorded_at", story.contactIds().toArray())));

        // contractor_custom_field_change: the two touched fields
        List<Map<String, Object>> changes = Db.rows(hris, "SELECT * FROM contractor_custom_field_change"
                + " WHERE client_contact_id IN (?, ?) ORDER BY field_name", story.contactIds().toArray());
        changes.forEach(c -> assertNotNull(c.remove("received_at")));
        String fieldsId = sent.get("client.client_contact.custom_fields_updated");
        assertEquals(List.of(
                row("client_contact_id", INVITED_CONTACT, "message_id", fieldsId, "field_name", "cost_centre", "old_value", "CC-1040", "new_value", "CC-2210"),
                row("client_contact_id", INVITED_CONTACT, "message_id", fieldsId, "field_name", "line_manager_email", "old_value", null, "new_value", "olivia.bennett@northwind.example")),
                changes);

        // contract_record: one row per contract, columns exactly as documented (no date of birth)
        List<Map<String, Object>> contracts = contractRows(story);
        for (Map<String, Object> row : contracts) {
            assertEquals(CONTRACT_RECORD_COLUMNS, new ArrayList<>(row.keySet()));
            assertNotNull(row.remove("updated_at"));
        }
        assertEquals(List.of(
                contract(REVOKED_CONTRACT, "clct_c8r4wq1mx6tk3vn7bd2hz9jf5", "fp_c5q2tn8wx3mk9rv1hd6bz4jl7", "Seán Ó Briain", "sean.obriain@example.ie",
                        "Accessibility Specialist - Mobile Apps", "Accessibility Specialist", "REVOKED", "2025-10-06", "2026-03-27", null,
                        "75.00", "EUR", "spreq_c9k3wr7mx2tq5vn8bd1hz6jl4", sent.get("client.contract.revoked")),
                contract(MAIN_CONTRACT, ONBOARDED_CONTACT, "fp_c6k1wr8tz3mq5vd9xn2hb7jl4", "Priya Raman", "priya.raman@example.net",
                        "Senior Backend Engineer - Payments Platform", "Senior Backend Engineer", "COMPLETED", "2025-09-15", "2025-11-14", "2025-11-14",
                        "68.75", "GBP", "spreq_c7m2qk4xv9bn3td8wf5hj1ly6", sent.get("client.contract.completed")),
                contract(DELETED_CONTRACT, "clct_c6w2rm9xq4tk7vn3bd8hz1js4", "fp_c3x8kq6mw1rt9vn4bd7hz2jf5", "Inès Laurent", "ines.laurent@example.fr",
                        "Product Designer - Design System (renewal)", "Product Designer", "DELETED", "2026-01-05", "2026-06-26", null,
                        "80.00", "EUR", "spreq_c6q9mw3rx7tk1vn5bd8hz2jl3", sent.get("client.contract.deleted")),
                contract(CANCELLED_CONTRACT, "clct_c4n7xw3rt9mq6vk2bd1hz8jl5", "fp_c9t5mx2rq7wk4vn1hd8bz3js6", "Marcus Webb", "marcus.webb@example.com",
                        "Data Engineer - Warehouse Migration", "Data Engineer", "CANCELLED", "2025-10-01", "2026-01-30", null,
                        "85.00", "USD", "spreq_c5w8rq2mx6tk9vn3bd7hz1jl4", sent.get("client.contract.cancelled"))),
                contracts);

        // contract_event: every contract event, in order
        List<List<Object>> expectedEvents = new ArrayList<>();
        for (String sample : HrisStory.CONTRACT_EVENTS) {
            String type = sample.replace("extra/", "");
            String action = type.substring(type.lastIndexOf('.') + 1);
            String contract = switch (action) {
                case "revoked" -> REVOKED_CONTRACT;
                case "cancelled" -> CANCELLED_CONTRACT;
                case "deleted" -> DELETED_CONTRACT;
                default -> MAIN_CONTRACT;
            };
            String status = action.equals("custom_fields_updated") ? null : action.toUpperCase();
            expectedEvents.add(listOf(sent.get(sample), contract, type, status, "applied"));
        }
        assertEquals(expectedEvents, values(Db.rows(hris, "SELECT message_id, contract_id, event_type, status, outcome"
                + " FROM contract_event WHERE contract_id IN (?, ?, ?, ?) ORDER BY received_at, recorded_at",
                story.contractIds().toArray())));

        // contract_custom_field_change: the purchase order change
        List<Map<String, Object>> contractChanges = Db.rows(hris, "SELECT * FROM contract_custom_field_change WHERE contract_id IN (?, ?, ?, ?)",
                story.contractIds().toArray());
        contractChanges.forEach(c -> assertNotNull(c.remove("received_at")));
        assertEquals(List.of(row("contract_id", MAIN_CONTRACT, "message_id", sent.get("extra/client.contract.custom_fields_updated"),
                "field_name", "purchase_order", "old_value", "PO-778812", "new_value", "PO-781090")), contractChanges);

        // Spend requests are not the HR sink's: no delivery was recorded for them.
        for (String sample : HrisStory.SPEND_REQUEST_EVENTS) {
            assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND sink = 'hris'",
                    sent.get(sample)));
        }
    }

    @Test
    void contractorAddedAlreadyOnboardedIsFinishedAndBookableFromItsOnlyEvent() {
        HrisStory story = HrisStory.fresh();
        String id = send(story.text("client.client_contact.created.already-onboarded"));
        Map<String, Object> row = onboardingRow(story.id(ONBOARDED_CONTACT));
        assertEquals("REGISTERED", row.get("registration_state"));
        assertEquals("FINISHED", row.get("onboarding_state"));
        assertEquals("BOOKABLE", row.get("bookability_state"));
        assertEquals("client.client_contact.created", row.get("last_event_type"));
        assertEquals(id, row.get("last_message_id"));
    }

    @Test
    void lateOfferedLeavesAcceptedContract() {
        HrisStory story = HrisStory.fresh();
        String accepted = send(story.text("client.contract.accepted"));
        String offered = send(story.text("client.contract.offered"));
        Map<String, Object> row = contractRow(story.id(MAIN_CONTRACT));
        assertEquals("ACCEPTED", row.get("status"));
        assertEquals(accepted, row.get("last_message_id"));
        assertEquals(List.of(List.of(accepted, "ACCEPTED", "applied"), List.of(offered, "OFFERED", "late")),
                contractEvents(story.id(MAIN_CONTRACT)));
    }

    @Test
    void lateNoticeServedLeavesCompletedContractAndNothingReopensIt() {
        HrisStory story = HrisStory.fresh();
        String completed = send(story.text("client.contract.completed"));
        String noticeServed = send(story.text("client.contract.notice_served"));
        String accepted = send(story.text("client.contract.accepted"));
        Map<String, Object> row = contractRow(story.id(MAIN_CONTRACT));
        assertEquals("COMPLETED", row.get("status"));
        assertEquals(LocalDate.parse("2025-11-14"), row.get("actual_end_date"));
        assertEquals(LocalDate.parse("2025-11-14"), row.get("end_date"));
        assertEquals(completed, row.get("last_message_id"));
        assertEquals(List.of(List.of(completed, "COMPLETED", "applied"), List.of(noticeServed, "NOTICE_SERVED", "late"),
                List.of(accepted, "ACCEPTED", "late")), contractEvents(story.id(MAIN_CONTRACT)));

        // Revoked, then a retried offered: still revoked.
        send(story.text("client.contract.revoked"));
        send(story.text("client.contract.offered").replace(story.id(MAIN_CONTRACT), story.id(REVOKED_CONTRACT)));
        assertEquals("REVOKED", contractRow(story.id(REVOKED_CONTRACT)).get("status"));
    }

    @Test
    void lateRegisteredDoesNotUndoFinishedOnboarding() {
        HrisStory story = HrisStory.fresh();
        String completed = send(story.text("client.client_contact.onboarding_completed"));
        String registered = send(story.text("client.client_contact.registered"));
        Map<String, Object> row = onboardingRow(story.id(INVITED_CONTACT));
        assertEquals("REGISTERED", row.get("registration_state"));
        assertEquals("FINISHED", row.get("onboarding_state"));
        assertEquals("BOOKABLE", row.get("bookability_state"));
        assertEquals("client.client_contact.onboarding_completed", row.get("last_event_type"));
        assertEquals(completed, row.get("last_message_id"));
        assertEquals(List.of(List.of(completed, "client.client_contact.onboarding_completed", "FINISHED", "applied"),
                        List.of(registered, "client.client_contact.registered", "IN_PROGRESS", "late")),
                values(Db.rows(hris, "SELECT message_id, event_type, onboarding_state, outcome FROM contractor_onboarding_event"
                        + " WHERE client_contact_id = ? ORDER BY received_at, recorded_at", story.id(INVITED_CONTACT))));
    }

    @Test
    void replayingTheStoryChangesNothing() {
        HrisStory story = HrisStory.fresh();
        Map<String, String> first = tell(story, false);
        Snapshot before = snapshot(story);

        // Replayed with new svix-ids (e.g. events re-sent as new messages): history grows by one row per
        // event, records keep their values; only the onboarding row may name the newest equal event.
        Map<String, String> second = tell(story, false);
        Snapshot after = snapshot(story);
        assertEquals(before.contracts, after.contracts);
        assertEquals(withoutLast(before.contacts), withoutLast(after.contacts));
        assertEquals(before.contractEvents + HrisStory.CONTRACT_EVENTS.size(), after.contractEvents);
        assertEquals(before.contactEvents + HrisStory.CONTACT_EVENTS.size(), after.contactEvents);
        assertEquals(before.fieldChanges * 2, after.fieldChanges);
        assertEquals(List.of("late", "late", "late", "applied", "late", "unchanged", "unchanged", "unchanged", "unchanged"),
                HrisStory.CONTRACT_EVENTS.stream().map(s -> outcome("contract_event", second.get(s))).toList());

        // Replayed with the same svix-ids: over HTTP (the inbox answers duplicate) and by the ledger
        // (an operator replay runs the sink again): nothing is written.
        for (String sample : first.keySet()) {
            byte[] body = story.text(sample).getBytes(StandardCharsets.UTF_8);
            assertEquals(200, pack.post(body, Signer.headers(PackRunner.SECRET, first.get(sample), body)).statusCode());
        }
        List<String> all = new ArrayList<>(first.values());
        all.addAll(second.values());
        for (String id : all) {
            update(store, "UPDATE webhook_delivery SET status = 'retrying', next_attempt_at = ? WHERE message_id = ? AND sink = 'hris'",
                    new Timestamp(System.currentTimeMillis()), id);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(id -> {
            Map<String, Object> d = delivery(id);
            return "delivered".equals(d.get("status")) && ((Number) d.get("attempts")).intValue() == 2;
        }));
        Snapshot replayed = snapshot(story);
        assertEquals(after.contracts, replayed.contracts);
        assertEquals(after.contacts, replayed.contacts);
        assertEquals(after.contractEvents, replayed.contractEvents);
        assertEquals(after.contactEvents, replayed.contactEvents);
        assertEquals(after.fieldChanges, replayed.fieldChanges);
    }

    @Test
    void rateValueStaysExact() {
        HrisStory story = HrisStory.fresh();
        String text = story.text("client.contract.accepted");
        assertTrue(text.contains("\"value\": \"68.75\""));
        send(text.replace("\"value\": \"68.75\"", "\"value\": \"40.00\""));
        Object rate = contractRow(story.id(MAIN_CONTRACT)).get("rate_value");
        assertEquals(new BigDecimal("40.00"), rate);
        assertEquals("40.00", ((BigDecimal) rate).toPlainString());
    }

    @Test
    void toleratesMissingNullAndExtraFieldsAndUnknownStates() throws Exception {
        HrisStory story = HrisStory.fresh();
        ObjectNode event = (ObjectNode) JSON.readTree(story.text("client.contract.offered"));
        ObjectNode contract = (ObjectNode) event.path("data").path("object");
        contract.putNull("freelancer_operating_jurisdiction");
        contract.putNull("spend_request");
        contract.remove(List.of("actual_end_date", "pre_offer_approval_flow", "historical_meta", "fee_schedule"));
        ((ObjectNode) contract.path("client_contact")).remove(List.of("freelancer_id", "url"));
        contract.put("brand_new_field", "ignored");
        contract.putObject("another_new_object").put("x", 1);
        send(JSON.writeValueAsString(event));
        Map<String, Object> row = contractRow(story.id(MAIN_CONTRACT));
        assertEquals("OFFERED", row.get("status"));
        assertEquals(null, row.get("spend_request_id"));
        assertEquals(null, row.get("actual_end_date"));
        assertEquals("fp_c6k1wr8tz3mq5vd9xn2hb7jl4", row.get("freelancer_id"));
        assertEquals(new BigDecimal("68.75"), row.get("rate_value"));

        ObjectNode contact = (ObjectNode) JSON.readTree(story.text("client.client_contact.registered"));
        ObjectNode status = (ObjectNode) contact.path("data").path("object").path("status");
        status.put("onboarding_state", "AWAITING_DOCUMENTS");
        status.remove("bookability_state");
        ((ObjectNode) contact.path("data").path("object")).remove("url");
        send(JSON.writeValueAsString(contact));
        Map<String, Object> contactRow = onboardingRow(story.id(INVITED_CONTACT));
        assertEquals("AWAITING_DOCUMENTS", contactRow.get("onboarding_state"));
        assertEquals(null, contactRow.get("bookability_state"));
        assertEquals(null, contactRow.get("directory_url"));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Posts the whole story, one event at a time, each applied before the next; returns svix-id by sample. */
    Map<String, String> tell(HrisStory story, boolean withSpendRequests) {
        Map<String, String> sent = new LinkedHashMap<>();
        for (String sample : HrisStory.CONTACT_EVENTS) {
            sent.put(sample, send(story.text(sample)));
        }
        for (String sample : HrisStory.CONTRACT_EVENTS) {
            sent.put(sample, send(story.text(sample)));
        }
        if (withSpendRequests) {
            for (String sample : HrisStory.SPEND_REQUEST_EVENTS) {
                byte[] body = story.text(sample).getBytes(StandardCharsets.UTF_8);
                String id = Signer.newMessageId();
                assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
                await().atMost(Duration.ofSeconds(15)).until(() -> "dispatched".equals(
                        Db.inboxStatus(store, id)));
                sent.put(sample, id);
            }
        }
        return sent;
    }

    /** Posts one signed event and waits until the HR sink has taken it; returns its svix-id. */
    String send(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        HttpResponse<String> r = pack.post(body, Signer.headers(PackRunner.SECRET, id, body));
        assertEquals(202, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Object status = delivery(id).get("status");
            return "delivered".equals(status) || "dead".equals(status);
        });
        assertEquals("delivered", delivery(id).get("status"), () -> "hris delivery: " + delivery(id));
        return id;
    }

    Map<String, Object> delivery(String id) {
        List<Map<String, Object>> rows = Db.rows(store, "SELECT status, attempts, last_error FROM webhook_delivery"
                + " WHERE message_id = ? AND sink = 'hris'", id);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    List<Map<String, Object>> contractRows(HrisStory story) {
        return normalise(Db.rows(hris, "SELECT * FROM contract_record WHERE contract_id IN (?, ?, ?, ?) ORDER BY contract_id",
                story.contractIds().toArray()));
    }

    List<Map<String, Object>> onboardingRows(HrisStory story) {
        return normalise(Db.rows(hris, "SELECT * FROM contractor_onboarding WHERE client_contact_id IN (?, ?) ORDER BY client_contact_id",
                story.contactIds().toArray()));
    }

    Map<String, Object> contractRow(String contractId) {
        return normalise(Db.rows(hris, "SELECT * FROM contract_record WHERE contract_id = ?", contractId)).get(0);
    }

    Map<String, Object> onboardingRow(String contactId) {
        return normalise(Db.rows(hris, "SELECT * FROM contractor_onboarding WHERE client_contact_id = ?", contactId)).get(0);
    }

    List<List<Object>> contractEvents(String contractId) {
        return values(Db.rows(hris, "SELECT message_id, status, outcome FROM contract_event WHERE contract_id = ?"
                + " ORDER BY received_at, recorded_at", contractId));
    }

    String outcome(String table, String messageId) {
        return (String) Db.rows(hris, "SELECT outcome FROM " + table + " WHERE message_id = ?", messageId).get(0).get("outcome");
    }

    record Snapshot(List<Map<String, Object>> contracts, List<Map<String, Object>> contacts, long contractEvents,
            long contactEvents, long fieldChanges) {
    }

    Snapshot snapshot(HrisStory story) {
        Object[] contracts = story.contractIds().toArray();
        Object[] contacts = story.contactIds().toArray();
        return new Snapshot(contractRows(story), onboardingRows(story),
                Db.count(hris, "SELECT COUNT(*) FROM contract_event WHERE contract_id IN (?, ?, ?, ?)", contracts),
                Db.count(hris, "SELECT COUNT(*) FROM contractor_onboarding_event WHERE client_contact_id IN (?, ?)", contacts),
                Db.count(hris, "SELECT COUNT(*) FROM contractor_custom_field_change WHERE client_contact_id IN (?, ?)", contacts)
                        + Db.count(hris, "SELECT COUNT(*) FROM contract_custom_field_change WHERE contract_id IN (?, ?, ?, ?)", contracts));
    }

    static List<Map<String, Object>> withoutLast(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("last_message_id");
            copy.remove("updated_at");
            return copy;
        }).toList();
    }

    static void update(DataSource ds, String sql, Object... args) {
        try {
            io.routepack.yunojuno.db.Sql.update(ds, sql, args);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DATE columns as LocalDate, whatever the driver returns. */
    static List<Map<String, Object>> normalise(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            row.replaceAll((k, v) -> v instanceof java.sql.Date d ? d.toLocalDate() : v);
        }
        return rows;
    }

    static List<List<Object>> values(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> (List<Object>) new ArrayList<>(r.values())).collect(Collectors.toList());
    }

    static JsonNode customFields(String sample) throws Exception {
        return JSON.readTree(io.routepack.yunojuno.support.Samples.bytes(sample)).path("data").path("object").path("custom_fields");
    }

    static Map<String, Object> contract(String id, String contact, String freelancer, String name, String email, String title,
            String jobTitle, String status, String start, String end, String actualEnd, String rate, String currency,
            String spendRequest, String lastMessage) {
        return row("contract_id", id, "client_contact_id", contact, "freelancer_id", freelancer, "freelancer_name", name,
                "freelancer_email", email, "title", title, "job_title", jobTitle, "status", status,
                "start_date", LocalDate.parse(start), "end_date", LocalDate.parse(end),
                "actual_end_date", actualEnd == null ? null : LocalDate.parse(actualEnd), "rate_value", new BigDecimal(rate),
                "rate_currency", currency, "rate_unit", "HOUR", "work_location", "REMOTE", "work_time_type", "FULL_TIME",
                "spend_request_id", spendRequest, "last_message_id", lastMessage);
    }

    /** A row as a map that may hold nulls: key, value, key, value... */
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> listOf(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }
}

package io.routepack.yunojuno.privacy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.db.Sql;
import io.routepack.yunojuno.sink.Outbox;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Erasing one person: events for two freelancers go through the HR sink and the HR email (.eml outbox), then one is
 * erased. None of their email, names or date of birth remains in the store's and HR tables or the outbox files (raw
 * bytes); the other freelancer and the hirer are intact; a resend of an erased event is still a duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersonErasureTest {

    private static final String TOKEN = "pr1vacy-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ERASED_ID = "fp_c6k1wr8tz3mq5vd9xn2hb7jl4";
    static final List<String> ERASED_DATA = List.of("priya.raman@example.net", "Priya Raman", "Priya Lakshmi Raman",
            "1988-03-14");
    static final String OTHER_ID = "fp_otherx9k2mq5vd9xn2hb7jl4";
    static final List<String> OTHER_DATA = List.of("sam.okafor@example.org", "Sam Okafor", "1979-11-02");

    PackRunner pack;
    DataSource store;
    String outbox;
    String erasedEvent;
    String otherEvent;
    byte[] erasedBody;

    abstract TestDatabase database();

    @BeforeAll
    void start() {
        database().assumeAvailable();
        Map<String, String> props = PackRunner.defaults(database().create());
        props.put("store.jdbc.username", database().username());
        props.put("admin.token", TOKEN);
        props.put("privacy.erase.hris", "true");
        props.put("hr.notify.to", "hr@example.com");
        props.put("dispatch.sinks", "client.contract.* = hris; client.contract.accepted = hr-email;"
                + " client.spend_request.approved = finance-email, finance-system");
        outbox = props.get("outbox.dir");
        pack = PackRunner.start(props);
        store = pack.storeDataSource();

        erasedBody = Samples.bytes("client.contract.accepted");
        byte[] otherBody = new String(erasedBody, StandardCharsets.UTF_8)
                .replace(ERASED_ID, OTHER_ID).replace("ct_c5m9rx2wq8tk4vn6bd1hz7jl3", "ct_otherrx2wq8tk4vn6bd1hz7jl3")
                .replace("clct_c3v9mk5tw1rx7qd2bn8hz4fj6", "clct_othermk5tw1rx7qd2bn8hz4fj6")
                .replace("priya.raman@example.net", "sam.okafor@example.org").replace("Priya Lakshmi Raman", "Sam Okafor")
                .replace("Priya Raman", "Sam Okafor").replace("\"Priya\"", "\"Sam\"").replace("\"Raman\"", "\"Okafor\"")
                .replace("1988-03-14", "1979-11-02").getBytes(StandardCharsets.UTF_8);
        erasedEvent = Signer.newMessageId();
        otherEvent = Signer.newMessageId();
        assertEquals(202, pack.post(erasedBody, Signer.headers(PackRunner.SECRET, erasedEvent, erasedBody)).statusCode());
        assertEquals(202, pack.post(otherBody, Signer.headers(PackRunner.SECRET, otherEvent, otherBody)).statusCode());
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of(erasedEvent, otherEvent).stream().allMatch(id ->
                "delivered".equals(Db.deliveryStatus(store, id, "hris"))
                        && "delivered".equals(Db.deliveryStatus(store, id, "hr-email"))));
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void erasesOnePersonEverywhereAndLeavesTheOthers() throws Exception {
        assertTrue(storedText().contains("priya.raman@example.net"), "the test must start with the data stored");
        assertTrue(outboxText().contains("priya raman"), "the HR mail names the contractor");

        // the HR mail of the erased event died (as if the mail server had refused it): the answer says so
        Sql.update(store, "UPDATE webhook_delivery SET status = 'dead' WHERE message_id = ? AND sink = 'hr-email'", erasedEvent);

        HttpResponse<String> answer = call("POST", "/admin/people/" + ERASED_ID + "/erase", "Bearer " + TOKEN);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode counts = JSON.readTree(answer.body());
        assertEquals(1, counts.get("inbox_events").asInt());
        assertEquals(List.of(erasedEvent), JSON.convertValue(counts.get("undelivered_events"), List.class),
                "the event of the dead HR mail is named");
        assertEquals(1, counts.get("outbox_files").asInt());
        assertTrue(counts.get("hris_rows").asInt() >= 1);

        String stored = storedText();
        String files = outboxText();
        for (String personal : ERASED_DATA) {
            assertFalse(stored.contains(personal.toLowerCase(Locale.ROOT)), personal + " left in the tables");
            assertFalse(files.contains(personal.toLowerCase(Locale.ROOT)), personal + " left in the outbox");
        }
        for (String other : OTHER_DATA) {
            assertTrue(stored.contains(other.toLowerCase(Locale.ROOT)), other + " must stay in the tables");
        }
        assertTrue(files.contains("sam okafor"), "the other contractor's HR mail stays");
        String erasedRow = String.valueOf(Db.rows(store, "SELECT body FROM webhook_inbox WHERE message_id = ?", erasedEvent)
                .get(0).get("body"));
        assertTrue(erasedRow.contains("olivia.bennett@northwind.example"), "the hirer is not the one erased");
        assertTrue(erasedRow.contains(ERASED_ID), "ids stay");

        Map<String, Object> audit = Db.rows(store, "SELECT * FROM privacy_erasure WHERE freelancer_id = ?", ERASED_ID).get(0);
        assertEquals("admin-api", audit.get("requested_by"));
        assertEquals(1, ((Number) audit.get("inbox_events")).intValue());

        HttpResponse<String> resend = pack.post(erasedBody, Signer.headers(PackRunner.SECRET, erasedEvent, erasedBody));
        assertEquals(200, resend.statusCode());
        assertTrue(resend.body().contains("\"duplicate\""), resend.body());

        HttpResponse<String> again = call("POST", "/admin/people/" + ERASED_ID + "/erase", "Bearer " + TOKEN);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(0, JSON.readTree(again.body()).get("inbox_events").asInt(), "erasing twice changes nothing more");
        assertEquals(0, JSON.readTree(again.body()).get("outbox_files").asInt());
        assertEquals(2, Db.count(store, "SELECT COUNT(*) FROM privacy_erasure WHERE freelancer_id = ?", ERASED_ID));
    }

    @Test
    void refusesWithoutTheTokenAndAnswersBadIdsWithJson() {
        assertEquals(401, call("POST", "/admin/people/" + OTHER_ID + "/erase", null).statusCode());
        HttpResponse<String> bad = call("POST", "/admin/people/not-an-id/erase", "Bearer " + TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"error\":\"bad_request\""), bad.body());
        HttpResponse<String> unknown = call("POST", "/admin/people/fp_neverseen1/erase", "Bearer " + TOKEN);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"error\":\"not_found\""), unknown.body());
        assertTrue(storedText().contains("sam.okafor@example.org"), "a refused call touches nothing");
    }

    @Test
    void exportsEveryEventAndRowForThePersonAndNothingAboutOthers() throws Exception {
        for (String who : List.of(OTHER_ID, "clct_othermk5tw1rx7qd2bn8hz4fj6", "sam.okafor@example.org")) {
            HttpResponse<String> answer = call("GET", "/admin/people/" + who, "Bearer " + TOKEN);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode export = JSON.readTree(answer.body());
            assertEquals(OTHER_ID, export.get("freelancer_id").asText(), who);
            assertEquals(1, export.get("events").size(), who);
            JsonNode event = export.get("events").get(0);
            assertEquals(otherEvent, event.get("message_id").asText());
            assertEquals("sam.okafor@example.org", event.at("/payload/data/object/freelancer/email").asText());
            assertEquals(2, event.get("deliveries").size());
            assertEquals(1, export.at("/hris/contract_record").size());
            assertEquals("ct_otherrx2wq8tk4vn6bd1hz7jl3", export.at("/hris/contract_record/0/contract_id").asText());
            assertEquals(1, export.at("/hris/contract_event").size());
            assertEquals(1, export.get("outbox_files").size());
            assertTrue(export.at("/outbox_files/0/path").asText().contains(otherEvent));
            String text = answer.body().toLowerCase(Locale.ROOT);
            for (String personal : ERASED_DATA) {
                assertFalse(text.contains(personal.toLowerCase(Locale.ROOT)), personal + " is another person's");
            }
            assertFalse(text.contains(erasedEvent));
        }
        assertEquals(401, call("GET", "/admin/people/" + OTHER_ID, null).statusCode());
        HttpResponse<String> bad = call("GET", "/admin/people/nobody", "Bearer " + TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"error\":\"bad_request\""), bad.body());
        assertEquals(404, call("GET", "/admin/people/fp_neverseen1", "Bearer " + TOKEN).statusCode());
        assertEquals(404, call("GET", "/admin/people/clct_neverseen1", "Bearer " + TOKEN).statusCode());
        assertEquals(404, call("GET", "/admin/people/nobody@example.com", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void theEventViewShowsWhatEachSinkWrote() throws Exception {
        JsonNode contract = JSON.readTree(call("GET", "/admin/events/" + otherEvent, "Bearer " + TOKEN).body());
        Map<String, JsonNode> bySink = new java.util.HashMap<>();
        contract.get("deliveries").forEach(d -> bySink.put(d.get("sink").asText(), d.get("written")));
        assertEquals("contract_record", bySink.get("hris").get("table").asText());
        assertEquals("contract_id=ct_otherrx2wq8tk4vn6bd1hz7jl3", bySink.get("hris").get("key").asText());
        assertEquals("applied", bySink.get("hris").get("outcome").asText());
        assertTrue(bySink.get("hr-email").get("message_id").asText().contains(otherEvent), bySink.toString());
        assertEquals(1, bySink.get("hr-email").get("recipients").asInt());

        byte[] spend = Samples.bytes("client.spend_request.approved");
        String spendEvent = Signer.newMessageId();
        assertEquals(202, pack.post(spend, Signer.headers(PackRunner.SECRET, spendEvent, spend)).statusCode());
        await().atMost(Duration.ofSeconds(60)).until(() -> "delivered".equals(Db.deliveryStatus(store, spendEvent, "finance-email"))
                && "delivered".equals(Db.deliveryStatus(store, spendEvent, "finance-system")));
        JsonNode approval = JSON.readTree(call("GET", "/admin/events/" + spendEvent, "Bearer " + TOKEN).body());
        bySink.clear();
        approval.get("deliveries").forEach(d -> bySink.put(d.get("sink").asText(), d.get("written")));
        assertTrue(bySink.get("finance-email").get("message_id").asText().contains(spendEvent), bySink.toString());
        assertEquals(spendEvent, bySink.get("finance-system").get("document_id").asText());
        assertTrue(bySink.get("finance-system").get("file").asText().contains(spendEvent), bySink.toString());
    }

    /** Every value of every row of the store's and HR tables, lower case. */
    private String storedText() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("webhook_inbox", "webhook_delivery", "sink_sent_record", "privacy_erasure",
                "contractor_onboarding", "contractor_onboarding_event", "contractor_custom_field_change", "contract_record",
                "contract_event", "contract_custom_field_change")) {
            Db.rows(store, "SELECT * FROM " + table).forEach(row -> all.append(row.values()).append('\n'));
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    /** Every outbox file's raw bytes and, for mails, decoded text, lower case. */
    private String outboxText() throws Exception {
        Outbox files = new Outbox(outbox);
        StringBuilder all = new StringBuilder();
        for (Path file : files.files()) {
            all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).append(files.text(file));
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    private HttpResponse<String> call(String method, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pack.port() + path))
                .timeout(Duration.ofSeconds(15)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return PackRunner.send(b.build());
    }
}

package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signed bodies that are not UTF-8 JSON text, and envelope values longer than their columns: each gets a
 * 400 with a reason (never a 503 YunoJuno would retry for a day) and nothing is stored. Run on the
 * embedded store here and on PostgreSQL (HostileBodyPostgresTest), which refuses NUL characters in text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"event_type\":\"client.hostile.probe\",\"mode\":\"live\",\"data\":{\"object\":{\"title\":\"%s\"}}}";

    private PackRunner pack;

    TestDatabase database() {
        return TestDatabase.H2;
    }

    @BeforeAll
    void start() {
        TestDatabase database = database();
        database.assumeAvailable();
        Map<String, String> props = PackRunner.defaults(database.create());
        props.put("store.jdbc.username", database.username());
        pack = PackRunner.start(props);
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void overlongUtf8IsRefused() {
        assertRefused(withTitleBytes(0xC0, 0xAF), "invalid_encoding", "UTF-8");
    }

    @Test
    void encodedSurrogateIsRefused() {
        assertRefused(withTitleBytes(0xED, 0xA0, 0x80), "invalid_encoding", "UTF-8");
    }

    @Test
    void byteBeyondUnicodeIsRefused() {
        assertRefused(withTitleBytes(0xF5, 0x80, 0x80, 0x80), "invalid_encoding", "UTF-8");
    }

    @Test
    void utf16IsRefused() {
        assertRefused(String.format(EVENT, "Caf\u00e9").getBytes(StandardCharsets.UTF_16LE), "invalid_encoding", "UTF-16");
        assertRefused(String.format(EVENT, "Caf\u00e9").getBytes(StandardCharsets.UTF_16BE), "invalid_encoding", "UTF-16");
        // Java's UTF-16 writes a byte order mark first.
        assertRefused(String.format(EVENT, "Caf\u00e9").getBytes(StandardCharsets.UTF_16), "invalid_encoding", "UTF-8");
    }

    @Test
    void utf32IsRefused() {
        assertRefused(String.format(EVENT, "Caf\u00e9").getBytes(Charset.forName("UTF-32LE")), "invalid_encoding", "UTF-32");
        assertRefused(String.format(EVENT, "Caf\u00e9").getBytes(Charset.forName("UTF-32BE")), "invalid_encoding", "UTF-32");
    }

    @Test
    void byteOrderMarkIsRefused() {
        byte[] json = String.format(EVENT, "Caf\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        assertRefused(body, "invalid_encoding", "byte order mark");
    }

    @Test
    void escapedNulIsRefused() {
        assertRefused(String.format(EVENT, "a\\u0000b").getBytes(StandardCharsets.UTF_8), "invalid_encoding", "NUL");
    }

    @Test
    void validTextThatLooksSuspiciousIsStoredByteForByte() {
        // An escaped backslash before "u0000", a real U+FFFD and a four-byte character are all valid.
        for (String title : List.of("a\\\\u0000b", "\ufffd", "\ud83d\ude00 caf\u00e9")) {
            byte[] body = String.format(EVENT, title).getBytes(StandardCharsets.UTF_8);
            String id = Signer.newMessageId();
            HttpResponse<String> r = pack.post(body, Signer.headersForBytes(PackRunner.SECRET, id, body));
            assertEquals(202, r.statusCode(), r.body());
            String stored = (String) Db.rows(pack.storeDataSource(), "SELECT body FROM webhook_inbox WHERE message_id = ?", id)
                    .get(0).get("body");
            assertArrayEquals(body, stored.getBytes(StandardCharsets.UTF_8), title);
        }
    }

    @Test
    void envelopeFieldsLongerThanTheirColumnsAreRefused() {
        assertRefused(envelope("e".repeat(256), "live", "2024-04-10"), "field_too_long", "event_type");
        assertRefused(envelope("client.contract.accepted", "m".repeat(33), "2024-04-10"), "field_too_long", "mode");
        assertRefused(envelope("client.contract.accepted", "live", "v".repeat(65)), "field_too_long", "api_version");

        byte[] body = envelope("client.contract.accepted", "live", "2024-04-10");
        String longId = "msg_" + "i".repeat(252);
        HttpResponse<String> r = pack.post(body, Signer.headersForBytes(PackRunner.SECRET, longId, body));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("field_too_long", field(r, "error"));
        assertTrue(field(r, "message").contains("svix-id"), r.body());
        assertEquals(0, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", longId));
    }

    @Test
    void envelopeFieldsAsLongAsTheirColumnsAreStoredIntact() {
        String type = "client.unknown." + "t".repeat(255 - "client.unknown.".length());
        byte[] body = envelope(type, "m".repeat(32), "v".repeat(64));
        String id = "msg_" + "i".repeat(251);
        HttpResponse<String> r = pack.post(body, Signer.headersForBytes(PackRunner.SECRET, id, body));
        assertEquals(202, r.statusCode(), r.body());
        Map<String, Object> row = Db.rows(pack.storeDataSource(),
                "SELECT event_type, mode, api_version FROM webhook_inbox WHERE message_id = ?", id).get(0);
        assertEquals(type, row.get("event_type"));
        assertEquals("m".repeat(32), row.get("mode"));
        assertEquals("v".repeat(64), row.get("api_version"));
    }

    private void assertRefused(byte[] body, String error, String messagePart) {
        String id = Signer.newMessageId();
        HttpResponse<String> r = pack.post(body, Signer.headersForBytes(PackRunner.SECRET, id, body));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(error, field(r, "error"));
        assertTrue(field(r, "message").contains(messagePart), r.body());
        assertFalse(field(r, "message").isBlank());
        assertEquals(0, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));
    }

    private static byte[] withTitleBytes(int... raw) {
        String[] halves = String.format(EVENT, "\u0001").split("\u0001");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] envelope(String eventType, String mode, String apiVersion) {
        return ("{\"event_type\":\"" + eventType + "\",\"mode\":\"" + mode + "\",\"api_version\":\"" + apiVersion
                + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String field(HttpResponse<String> r, String name) {
        try {
            JsonNode node = JSON.readTree(r.body()).get(name);
            return node == null ? "" : node.asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}

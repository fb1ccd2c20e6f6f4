package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.PackProcess;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * An attacker shaping the log, against the packaged jar and its log configuration: request values are quoted
 * and escaped in both log formats, so a forged svix-id or an event type with a newline stays inside its own
 * line; and junk on the wire logs at most one short line per connection, never a stack trace.
 */
class HostileLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORGED_ID = "x outcome=accepted status=202";
    private static final String FORGED_TYPE = "client.fake.event\nrequest outcome=accepted status=202 svix_id=forged";

    @Test
    void forgedValuesStayQuotedInTextLogs() throws Exception {
        List<String> lines = sendForgedValues(Map.of());
        List<String> rejected = lines.stream().filter(l -> l.contains("reason=signature_mismatch")).toList();
        assertEquals(1, rejected.size(), String.join("\n", lines));
        assertTrue(rejected.get(0).contains("svix_id=\"x outcome=accepted status=202\""), rejected.get(0));
        assertFalse(rejected.get(0).contains("svix_id=x "), rejected.get(0));

        List<String> accepted = lines.stream().filter(l -> l.contains("client.fake.event")).toList();
        assertFalse(accepted.isEmpty());
        for (String line : accepted) {
            assertTrue(line.contains("\"client.fake.event\\nrequest outcome=accepted status=202 svix_id=forged\""), line);
        }
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("request outcome=accepted status=202 svix_id=forged")),
                "the newline started a forged line:\n" + String.join("\n", lines));
    }

    @Test
    void forgedValuesStayQuotedInJsonLogs() throws Exception {
        List<String> lines = sendForgedValues(Map.of("LOG_FORMAT", "json"));
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                messages.add(JSON.readTree(line).path("message").asText());
            } else {
                assertFalse(line.contains("outcome="), "a request line outside JSON: " + line);
            }
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("reason=signature_mismatch")
                && m.contains("svix_id=\"x outcome=accepted status=202\"")), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.contains("outcome=accepted")
                && m.contains("event_type=\"client.fake.event\\nrequest outcome=accepted status=202 svix_id=forged\"")),
                String.join("\n", messages));
    }

    @Test
    void junkOnTheWireLogsAtMostOneShortLinePerConnection() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "junk-logs-");
        Map<String, String> env = new HashMap<>();
        env.put("YUNOJUNO_WEBHOOK_READ_TIMEOUT_SECONDS", "2");
        List<String> junk = List.of(
                "GARBAGE GARBAGE GARBAGE\r\n\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003 not http at all\r\n\r\n",
                "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZZ\r\nabc\r\n0\r\n\r\n",
                "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabcde\r\n0\r\n\r\n",
                "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
                "GET /webhooks/yunojuno HTTP/1.1\r\nthis is not a header\r\n\r\n",
                "POST /webhooks/yunojuno HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
        int connections = 200;
        try (PackProcess pack = new PackProcess(dir, env)) {
            pack.start();
            long from = Files.size(dir.resolve("pack.log"));
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    String request = junk.get(i % junk.size());
                    sent.add(pool.submit(() -> sendJunk(pack, request)));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            // A real event after the junk: once its line is in the log, so is everything the junk caused.
            byte[] body = "{\"event_type\":\"client.marker.event\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
            assertEquals(202, post(pack, body, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body)));
            await().atMost(Duration.ofSeconds(20)).until(() -> log(dir, from).contains("client.marker.event"));
            String segment = log(dir, from);
            segment = segment.substring(0, segment.indexOf("client.marker.event"));
            List<String> lines = segment.lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.size() <= connections, lines.size() + " lines for " + connections + " connections:\n"
                    + String.join("\n", lines.subList(0, Math.min(40, lines.size()))));
            for (String line : lines) {
                assertFalse(line.startsWith("\tat ") || line.startsWith("at ") || line.startsWith("Caused by"),
                        "a stack trace: " + line);
                assertFalse(line.contains(" ERROR "), "junk from clients is not an error of ours: " + line);
                assertTrue(line.length() < 300, "a short line: " + line);
            }
        }
    }

    /** Starts the jar, sends a forged unsigned svix-id and a signed event type with a newline; returns the log lines. */
    private static List<String> sendForgedValues(Map<String, String> extraEnv) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "forged-logs-");
        try (PackProcess pack = new PackProcess(dir, new HashMap<>(extraEnv))) {
            pack.start();
            byte[] body = ("{\"event_type\":" + JSON.writeValueAsString(FORGED_TYPE) + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
            Map<String, String> forged = new HashMap<>(Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body));
            forged.put("svix-id", FORGED_ID); // the signature no longer matches: rejected, and logged
            assertEquals(401, post(pack, body, forged));
            assertEquals(202, post(pack, body, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body)));
            await().atMost(Duration.ofSeconds(20)).until(() -> log(dir, 0).contains("Unrouted event type"));
            assertTrue(pack.terminate(Duration.ofSeconds(40)));
            return log(dir, 0).lines().toList();
        }
    }

    private static void sendJunk(PackProcess pack, String request) {
        try (Socket s = new Socket("127.0.0.1", pack.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // read until the server closes (it answers 400 or times the request out)
            }
        } catch (IOException closedOrReset) {
            // the server may reset a connection it refuses: that is an answer too
        }
    }

    private static int post(PackProcess pack, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(pack.webhookUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        return PackRunner.send(b.build()).statusCode();
    }

    private static String log(Path dir, long from) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve("pack.log"));
        return new String(all, (int) Math.min(from, all.length), all.length - (int) Math.min(from, all.length), StandardCharsets.UTF_8);
    }
}

package io.routepack.yunojuno.crash;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.PackProcess;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar under load is killed with SIGKILL mid-stream and started again: every event that
 * was answered 2xx is in the inbox and delivered exactly once to every sink, and a SIGTERM afterwards
 * stops the pack within its shutdown timeout.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 300;

    @Test
    void nothingAcknowledgedIsLostOrDoubledAcrossAKill() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "crash-");
        String store = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("data/store") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        String hris = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("data/hris") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        Map<String, String> env = Map.of("STORE_JDBC_URL", store, "HRIS_JDBC_URL", hris);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, String> typeOf = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        try (PackProcess pack = new PackProcess(dir, env).start()) {
            List<String> samples = Samples.all();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int n = 0; n < EVENTS; n++) {
                byte[] body = Samples.bytes(samples.get(n % samples.size()));
                String id = Signer.newMessageId();
                typeOf.put(id, JSON.readTree(body).get("event_type").asText());
                pool.submit(() -> {
                    try {
                        HttpRequest.Builder b = HttpRequest.newBuilder(pack.webhookUri()).timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                        Signer.headers(PackRunner.SECRET, id, body).forEach(b::header);
                        HttpResponse<String> r = PackRunner.send(b.build());
                        if (r.statusCode() / 100 == 2) {
                            acknowledged.add(id);
                        }
                    } catch (RuntimeException refusedOnceKilled) {
                        // no answer: YunoJuno would retry; not acknowledged, so not owed
                    } finally {
                        answered.incrementAndGet();
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= EVENTS / 3);
            pack.kill();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= EVENTS / 3 && acknowledged.size() < EVENTS,
                "killed mid-stream: " + acknowledged.size() + " of " + EVENTS + " acknowledged");

        try (PackProcess again = new PackProcess(dir, env).start()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> allDelivered(store, acknowledged));

            try (Connection s = DriverManager.getConnection(store, "sa", "");
                 Connection h = DriverManager.getConnection(hris, "sa", "")) {
                for (String id : acknowledged) {
                    assertEquals(1, count(s, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id), id);
                    String type = typeOf.get(id);
                    if (type.startsWith("client.contract.")) {
                        assertEquals(1, count(h, "SELECT COUNT(*) FROM contract_event WHERE message_id = ?", id), id);
                    } else if (type.startsWith("client.client_contact.")) {
                        assertEquals(1, count(h, "SELECT COUNT(*) FROM contractor_onboarding_event WHERE message_id = ?", id), id);
                    } else if (type.equals("client.spend_request.approved")) {
                        // The finance sinks on their defaults: one .eml and one finance document per event.
                        assertEquals(1, filesFor(dir.resolve("data/outbox/mail"), id, ".eml"), id);
                        assertEquals(1, filesFor(dir.resolve("data/outbox/finance"), id, ".json"), id);
                    }
                }
            }
            assertTrue(again.terminate(Duration.ofSeconds(40)), "SIGTERM stops the pack within its shutdown timeout");
        }
    }

    private static long filesFor(Path folder, String id, String suffix) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(id) && n.endsWith(suffix)).count();
        }
    }

    /** Every acknowledged event is dispatched and each of its deliveries is delivered. */
    private static boolean allDelivered(String url, Set<String> ids) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String id : ids) {
                if (count(c, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ? AND status <> 'received'", id) != 1
                        || count(c, "SELECT COUNT(*) FROM webhook_delivery WHERE message_id = ? AND status <> 'delivered'", id) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static long count(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.routepack.yunojuno.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.PackProcess;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar through accepted, duplicate, rejected and failing traffic, then reads its whole
 * log: no secret, signature, credential, e-mail address or date of birth may appear in it.
 */
class LogSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH_TOKEN = "Bearer endpoint-t0ken-s3cr3t";
    private static final String ADMIN_TOKEN = "adm1n-t0ken-s3cr3t";

    @Test
    void logsCarryNoSecretsNorPersonalData() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "logs-");
        Map<String, String> env = new HashMap<>();
        env.put("YUNOJUNO_WEBHOOK_AUTH_HEADER", "Authorization");
        env.put("YUNOJUNO_WEBHOOK_AUTH_TOKEN", AUTH_TOKEN);
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        // An HR database that is down, so deliveries fail and retry: error paths get logged too.
        env.put("HRIS_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        env.put("DELIVERY_HRIS_MAX_ATTEMPTS", "2");
        env.put("DELIVERY_HRIS_INITIAL_DELAY_MS", "100");

        Set<String> forbidden = new TreeSet<>();
        forbidden.add(PackRunner.SECRET);
        forbidden.add(PackRunner.SECRET.substring("whsec_".length()));
        forbidden.add(AUTH_TOKEN);
        forbidden.add(ADMIN_TOKEN);

        try (PackProcess pack = new PackProcess(dir, env)) {
            pack.start();
            int sent = 0;
            for (String sample : Samples.all()) {
                byte[] body = Samples.bytes(sample);
                collectPersonalData(JSON.readTree(body), forbidden);
                Map<String, String> headers = Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body);
                forbidden.add(headers.get("svix-signature").substring(3));
                assertEquals(202, post(pack, body, headers, AUTH_TOKEN));
                assertEquals(200, post(pack, body, headers, AUTH_TOKEN)); // duplicate
                assertEquals(401, post(pack, body, headers, "Bearer wrong-" + sent)); // bad credential
                Map<String, String> tampered = new HashMap<>(headers);
                tampered.put("svix-signature", "v1,AAAA" + headers.get("svix-signature").substring(7));
                assertEquals(401, post(pack, body, tampered, AUTH_TOKEN));
                sent++;
            }
            String since = java.time.Instant.now().minusSeconds(600).toString();
            await().atMost(Duration.ofSeconds(60)).until(() -> log(dir).contains("DEAD delivery"));
            HttpRequest replay = HttpRequest.newBuilder(URI.create(pack.webhookUri().toString()
                            .replace("/webhooks/yunojuno", "/admin/deliveries/replay-dead?sink=hris&since=" + since)))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(200, PackRunner.send(replay).statusCode());
            assertTrue(pack.terminate(Duration.ofSeconds(40)));
        }

        String log = log(dir);
        assertTrue(log.contains("request outcome=accepted"), "the log was captured");
        assertTrue(log.contains("outcome=rejected status=401 reason=unauthorized"));
        assertTrue(log.contains("delivery outcome=dead sink=hris"));
        assertTrue(forbidden.size() > 10, "personal data found in the samples: " + forbidden.size());
        for (String value : forbidden) {
            assertFalse(log.contains(value), "the log contains a secret or personal value (" + value.length() + " chars)");
        }
    }

    /** E-mail addresses, dates of birth and names found anywhere in a sample payload. */
    private static void collectPersonalData(JsonNode node, Set<String> out) {
        node.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isTextual() && Set.of("email", "date_of_birth", "full_name", "legal_name").contains(f.getKey())
                    && !v.asText().isBlank()) {
                out.add(v.asText());
            }
            collectPersonalData(v, out);
        });
        if (node.isArray()) {
            node.forEach(n -> collectPersonalData(n, out));
        }
    }

    private static int post(PackProcess pack, byte[] body, Map<String, String> headers, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(pack.webhookUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header("Authorization", authorization);
        headers.forEach(b::header);
        return PackRunner.send(b.build()).statusCode();
    }

    private static String log(Path dir) throws java.io.IOException {
        return Files.readString(dir.resolve("pack.log"), StandardCharsets.UTF_8);
    }
}

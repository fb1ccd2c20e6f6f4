package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import io.vertx.core.VertxOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ingress behaviour that depends on configuration: endpoint credentials, secret rotation, store outages. */
class IngressConfigurationTest {

    @Test
    void headerTokenIsCheckedBeforeTheSignature() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("yunojuno.webhook.auth.header", "X-Webhook-Auth");
        props.put("yunojuno.webhook.auth.token", "s3cr3t-token");
        try (PackRunner pack = PackRunner.start(props)) {
            byte[] body = Samples.bytes("client.contract.offered");
            String id = Signer.newMessageId();
            Map<String, String> headers = new HashMap<>(Signer.headers(PackRunner.SECRET, id, body));

            HttpResponse<String> r = pack.post(body, headers);
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("\"error\":\"unauthorized\""), r.body());
            assertFalse(r.body().contains("s3cr3t"), "never echo the credential");

            headers.put("X-Webhook-Auth", "wrong");
            assertEquals(401, pack.post(body, headers).statusCode());
            assertEquals(0, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox"));

            headers.remove("X-Webhook-Auth");
            headers.put("x-webhook-auth", "s3cr3t-token"); // header names are case-insensitive
            r = pack.post(body, headers);
            assertEquals(202, r.statusCode(), r.body());
            assertFalse(r.headers().map().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("x-webhook-auth")),
                    "request headers are not echoed in the response: " + r.headers().map());
            assertEquals(1, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));
        }
    }

    @Test
    void workerThreadsSizeTheVertxWorkerPoolAndABurstIsStillServed() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("yunojuno.webhook.worker-threads", "3");
        try (PackRunner pack = PackRunner.start(props)) {
            VertxOptions options = pack.context().getRegistry().findSingleByType(VertxOptions.class);
            assertEquals(3, options.getWorkerPoolSize(), "the options the HTTP server's Vert.x is built with");

            ExecutorService burst = Executors.newFixedThreadPool(12);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    answers.add(burst.submit(() -> pack.postSigned(Samples.bytes("client.contract.offered")).statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertEquals(202, answer.get(30, TimeUnit.SECONDS));
                }
            } finally {
                burst.shutdownNow();
            }
            assertEquals(12, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox"));
        }
    }

    @Test
    void httpBasicCredential() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("yunojuno.webhook.auth.username", "yunojuno");
        props.put("yunojuno.webhook.auth.password", "pa55");
        try (PackRunner pack = PackRunner.start(props)) {
            byte[] body = Samples.bytes("client.contract.offered");
            Map<String, String> headers = new HashMap<>(Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body));
            assertEquals(401, pack.post(body, headers).statusCode());
            headers.put("Authorization", basic("yunojuno", "nope"));
            assertEquals(401, pack.post(body, headers).statusCode());
            headers.put("Authorization", basic("yunojuno", "pa55"));
            assertEquals(202, pack.post(body, headers).statusCode());
        }
    }

    @Test
    void rotationAcceptsBothConfiguredSecrets() {
        String next = "whsec_aRKaOnqpwpkpvHHqlIc4NoPPL8rmVpBPH3QUztFN+Aw=";
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("yunojuno.webhook.secrets", next + ", " + PackRunner.SECRET);
        try (PackRunner pack = PackRunner.start(props)) {
            byte[] body = Samples.bytes("client.contract.approved");
            assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body)).statusCode());
            assertEquals(202, pack.post(body, Signer.headers(next, Signer.newMessageId(), body)).statusCode());
            assertEquals(2, Db.count(pack.storeDataSource(), "SELECT COUNT(*) FROM webhook_inbox"));
        }
    }

    @Test
    void answers503WhenTheInboxCannotBeWrittenSoYunoJunoRetries() {
        try (PackRunner pack = PackRunner.start(PackRunner.defaults(TestDatabase.H2.create()))) {
            // The store goes away: the pool is closed, every write fails.
            ((HikariDataSource) pack.storeDataSource()).close();
            byte[] body = Samples.bytes("client.spend_request.approved");
            HttpResponse<String> r = pack.post(body, Signer.headers(PackRunner.SECRET, Signer.newMessageId(), body));
            assertEquals(503, r.statusCode());
            assertEquals("{\"error\":\"store_unavailable\",\"message\":\"event not stored, retry later\"}", r.body());
            assertEquals("30", r.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

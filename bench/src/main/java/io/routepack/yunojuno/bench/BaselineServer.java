package io.routepack.yunojuno.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bare baseline: a minimal Vert.x HTTP server that only verifies the Svix v1 signature (timestamp
 * within 5 minutes, HMAC-SHA256 over "{id}.{timestamp}.{body}", constant-time compare) and answers 204
 * (401 otherwise). No storage. The pack's throughput is reported as a share of this one's, measured
 * in the same run on the same machine, so figures compare across machines.
 *
 * <pre>java -cp yunojuno-bench.jar io.routepack.yunojuno.bench.BaselineServer PORT WHSEC_SECRET [PATH]</pre>
 * Prints "READY" once listening (on 127.0.0.1 only).
 */
public final class BaselineServer {

    private static final long TOLERANCE_SECONDS = 300;

    private BaselineServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String secret = args[1].startsWith("whsec_") ? args[1].substring(6) : args[1];
        String path = args.length > 2 ? args[2] : "/webhooks/yunojuno";
        SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        HttpServerOptions options = new HttpServerOptions().setHost(LoadDriver.HOST).setPort(port).setTcpNoDelay(true);
        // One server per event loop (Vert.x shares the port between them): the baseline uses every core.
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(options).requestHandler(req -> handle(req, path, macs)).listen()
                        .<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
        System.out.println("READY");
    }

    private static void handle(HttpServerRequest req, String path, ThreadLocal<Mac> macs) {
        if (req.method() != io.vertx.core.http.HttpMethod.POST || !path.equals(req.path())) {
            req.response().setStatusCode(404).end();
            return;
        }
        req.body().onSuccess(body -> {
            String id = req.getHeader("svix-id");
            String ts = req.getHeader("svix-timestamp");
            String sig = req.getHeader("svix-signature");
            req.response().setStatusCode(verify(macs.get(), id, ts, sig, body.getBytes()) ? 204 : 401).end();
        }).onFailure(e -> req.response().setStatusCode(400).end());
    }

    static boolean verify(Mac mac, String id, String ts, String sig, byte[] body) {
        if (id == null || ts == null || sig == null) {
            return false;
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - signedAt) > TOLERANCE_SECONDS) {
            return false;
        }
        mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String entry : sig.split(" ")) {
            if (entry.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a match
                }
            }
        }
        return false;
    }
}

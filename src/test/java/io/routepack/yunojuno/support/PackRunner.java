package io.routepack.yunojuno.support;

import io.routepack.yunojuno.Application;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;

/**
 * Boots the real pack (Camel Main, ./application.properties, ./routes) with test overrides, on a free
 * port, and talks to it over real HTTP.
 */
public final class PackRunner implements AutoCloseable {

    /** The secret tests sign with unless they say otherwise. */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Main main;
    private final int port;
    private final Map<String, String> properties;
    private final Supplier<RoutesBuilder> testRoutes;

    private PackRunner(Main main, int port, Map<String, String> properties, Supplier<RoutesBuilder> testRoutes) {
        this.main = main;
        this.port = port;
        this.properties = properties;
        this.testRoutes = testRoutes;
    }

    /** Defaults every test wants (a free port, the test secret, fast polling); {@code overrides} win. */
    public static Map<String, String> defaults(String storeUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.port", String.valueOf(freePort()));
        p.put("camel.management.port", String.valueOf(freePort()));
        p.put("yunojuno.webhook.secrets", SECRET);
        p.put("store.jdbc.url", storeUrl);
        // The HR database shares the store's database unless a test says otherwise (never ./data).
        p.put("hris.jdbc.url", storeUrl);
        p.put("hris.jdbc.username", TestDatabase.usernameFor(storeUrl));
        // Sinks that write files (the default .eml / finance JSON) write under target/, not ./data.
        p.put("outbox.dir", "target/outbox-" + java.util.UUID.randomUUID());
        p.put("dispatch.recovery-interval-ms", "500");
        p.put("delivery.poll-interval-ms", "200");
        p.put("delivery.default.initial-delay-ms", "200");
        p.put("delivery.default.max-delay-ms", "1000");
        return p;
    }

    public static PackRunner start(Map<String, String> properties) {
        return start(properties, null);
    }

    /**
     * Starts the pack with routes of the test's own besides routes/ (e.g. test sinks named in
     * {@code dispatch.sinks}), added before start-up as a user's route file would be; {@code testRoutes}
     * gives new routes for each start (a restart too).
     */
    public static PackRunner start(Map<String, String> properties, Supplier<RoutesBuilder> testRoutes) {
        Main main = Application.create();
        if (testRoutes != null) {
            main.configure().addRoutesBuilder(testRoutes.get());
        }
        Properties props = new Properties();
        props.putAll(properties);
        main.setOverrideProperties(props);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("pack did not start: " + e.getMessage(), e);
        }
        return new PackRunner(main, Integer.parseInt(properties.get("camel.server.port")), properties, testRoutes);
    }

    /** Stops this pack and starts a new one on the same properties (a restart). */
    public PackRunner restart() {
        close();
        return start(properties, testRoutes);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DataSource storeDataSource() {
        return context().getRegistry().lookupByNameAndType("storeDataSource", DataSource.class);
    }

    public DataSource hrisDataSource() {
        return context().getRegistry().lookupByNameAndType("hrisDataSource", DataSource.class);
    }

    public int port() {
        return port;
    }

    /** A URI on the management server (health, metrics), e.g. {@code /observe/health}. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + properties.get("camel.management.port") + path);
    }

    public URI webhookUri() {
        return URI.create("http://127.0.0.1:" + port + properties.getOrDefault("yunojuno.webhook.path", "/webhooks/yunojuno"));
    }

    /** POSTs a body with the given headers to the webhook path. */
    public HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(webhookUri()).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Signs {@code body} as YunoJuno would, with a new svix-id, and POSTs it. */
    public HttpResponse<String> postSigned(byte[] body) {
        return post(body, Signer.headers(SECRET, Signer.newMessageId(), body));
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

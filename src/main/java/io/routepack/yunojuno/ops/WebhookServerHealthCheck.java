package io.routepack.yunojuno.ops;

import io.vertx.core.net.impl.TCPServerBase;
import java.util.Map;
import io.routepack.yunojuno.ingress.HttpServerGuard;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the webhook HTTP server is listening. Vert.x only logs a warning when it cannot bind its
 * port (e.g. another process holds it) and the pack would otherwise look healthy while receiving nothing.
 */
public final class WebhookServerHealthCheck extends AbstractHealthCheck {

    public WebhookServerHealthCheck() {
        super("yunojuno", "webhook-server");
    }

    /** True when the embedded HTTP server has bound its port. */
    public static boolean isListening(CamelContext context) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        // actualPort() reports the configured port even when the bind failed; only the server base knows.
        return server != null && HttpServerGuard.actual(server.getServer()) instanceof TCPServerBase tcp && tcp.isListening();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (isListening(getCamelContext())) {
            builder.up();
        } else {
            builder.message("webhook HTTP server is not listening (port in use?)").down();
        }
    }
}

package io.routepack.yunojuno.ops;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the pack can only acknowledge webhooks while its inbox database answers, so it is not
 * ready (a load balancer should send YunoJuno elsewhere) when it does not.
 */
public final class InboxDatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource store;

    public InboxDatabaseHealthCheck(DataSource store) {
        super("yunojuno", "inbox-database");
        this.store = store;
    }

    @Override
    public boolean isLiveness() {
        return false; // restarting the pack would not bring the database back
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = store.getConnection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.message("inbox database did not answer").down();
            }
        } catch (Exception e) {
            builder.message("inbox database unreachable: " + e.getClass().getSimpleName()).down();
        }
    }
}

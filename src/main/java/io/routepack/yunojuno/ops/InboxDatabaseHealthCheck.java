package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.inbox.InboxRepository;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the pack can only acknowledge webhooks while its inbox database answers, so it is not
 * ready (a load balancer should send YunoJuno elsewhere) when it does not.
 */
public final class InboxDatabaseHealthCheck extends AbstractHealthCheck {

    private final InboxRepository inbox;

    public InboxDatabaseHealthCheck(InboxRepository inbox) {
        super("yunojuno", "inbox-database");
        this.inbox = inbox;
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
        try {
            if (inbox.answers(2)) {
                builder.up();
            } else {
                builder.message("inbox database did not answer").down();
            }
        } catch (Exception e) {
            builder.message("inbox database unreachable: " + e.getClass().getSimpleName()).down();
        }
    }
}

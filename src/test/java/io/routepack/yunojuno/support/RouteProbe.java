package io.routepack.yunojuno.support;

import io.routepack.yunojuno.Headers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Records which endpoint each event (by svix-id) was sent to, e.g. which family route handled it. */
public final class RouteProbe extends EventNotifierSupport {

    public record Sent(String messageId, String endpoint) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public static RouteProbe attach(CamelContext context) {
        RouteProbe probe = new RouteProbe();
        context.getCamelContextExtension().setEventNotificationApplicable(true);
        context.getManagementStrategy().addEventNotifier(probe);
        probe.start();
        return probe;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSendingEvent e = (ExchangeSendingEvent) event;
        String id = e.getExchange().getMessage().getHeader(Headers.MESSAGE_ID, String.class);
        if (id != null) {
            sent.add(new Sent(id, e.getEndpoint().getEndpointUri()));
        }
    }

    /** Endpoints (as {@code direct://name}) the given event was sent to, in order. */
    public List<String> endpointsFor(String messageId) {
        return sent.stream().filter(s -> s.messageId().equals(messageId)).map(Sent::endpoint).toList();
    }

    public void clear() {
        sent.clear();
    }
}

package io.routepack.yunojuno.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;

/**
 * One delivery lane per sink: its own in-memory queue and its own consumers (route template
 * {@code delivery-lane} in routes/delivery.camel.yaml, route {@code deliver-<sink>}), added the first
 * time the sink has a delivery. A sink that is down or slow fills and holds only its own lane, so every
 * other sink's deliveries go on at their usual pace.
 */
public final class DeliveryLanes {

    static final String TEMPLATE = "delivery-lane";

    private final CamelContext context;
    private final DeliveryLedger ledger;
    private final ToIntFunction<String> concurrency;
    private final ToIntFunction<String> queueSize;
    private final Map<String, SedaEndpoint> lanes = new ConcurrentHashMap<>();

    /**
     * @param concurrency consumers of a sink's lane, by sink name
     * @param queueSize   deliveries a sink's lane holds, by sink name
     */
    public DeliveryLanes(CamelContext context, DeliveryLedger ledger, ToIntFunction<String> concurrency,
                         ToIntFunction<String> queueSize) {
        this.context = context;
        this.ledger = ledger;
        this.concurrency = concurrency;
        this.queueSize = queueSize;
    }

    /** The endpoint of the lane of the delivery in the body, added if the sink has none yet. */
    public String uri(Delivery delivery) {
        return lane(delivery.sink()).getEndpointUri();
    }

    /** How many more deliveries a sink's lane can take now. */
    public int room(String sink) {
        SedaEndpoint lane = lanes.get(sink);
        return lane == null ? queueSize.applyAsInt(sink) : lane.getQueue().remainingCapacity();
    }

    /** Due deliveries claimed for the lanes that have room, at most {@code limit} per sink. */
    public List<Delivery> claimDue(int limit) {
        return ledger.claimDue(limit, this::room);
    }

    private SedaEndpoint lane(String sink) {
        SedaEndpoint lane = lanes.get(sink);
        return lane != null ? lane : add(sink);
    }

    private synchronized SedaEndpoint add(String sink) {
        SedaEndpoint lane = lanes.get(sink);
        if (lane != null) {
            return lane;
        }
        String routeId = TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId("deliver-" + sink)
                .parameter("sink", sink)
                .parameter("concurrency", String.valueOf(concurrency.applyAsInt(sink)))
                .parameter("queueSize", String.valueOf(queueSize.applyAsInt(sink)))
                .add();
        lane = (SedaEndpoint) context.getRoute(routeId).getEndpoint();
        lanes.put(sink, lane);
        return lane;
    }
}

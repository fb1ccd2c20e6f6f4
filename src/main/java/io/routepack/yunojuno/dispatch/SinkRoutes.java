package io.routepack.yunojuno.dispatch;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.language.SimpleExpression;
import org.apache.camel.support.DefaultExchange;

/**
 * The sinks of a Camel context: sink {@code <name>} is a route that reads {@code direct:sink-<name>}.
 * Route definitions are noted as they are added, so a sink whose route has a false {@code precondition}
 * (Camel then never creates the route) is known as defined but off.
 */
public final class SinkRoutes implements ModelLifecycleStrategy {

    private static final String PREFIX = "sink-";

    private final CamelContext context;
    /** The precondition of each sink's route, as Camel evaluates it ("true" when it has none). */
    private final Map<String, String> preconditions = new ConcurrentHashMap<>();

    private SinkRoutes(CamelContext context) {
        this.context = context;
    }

    /** Notes the sink routes of {@code context} from now on; call before any route is loaded. */
    public static SinkRoutes watch(CamelContext context) {
        SinkRoutes routes = new SinkRoutes(context);
        context.getCamelContextExtension().getContextPlugin(Model.class).addModelLifecycleStrategy(routes);
        return routes;
    }

    /** Sinks with a route definition, running or off. */
    public Set<String> defined() {
        return Set.copyOf(preconditions.keySet());
    }

    /** Sinks whose route is created: no precondition, or a true one (a simple predicate, as Camel reads it). */
    public Set<String> running() {
        Set<String> names = new LinkedHashSet<>();
        preconditions.forEach((name, precondition) -> {
            Predicate predicate = new SimpleExpression(precondition).createPredicate(context);
            predicate.initPredicate(context);
            if (predicate.matches(new DefaultExchange(context))) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (route.getInput() == null) {
            return;
        }
        String name = sinkName(resolve(route, route.getInput().getEndpointUri()));
        if (name != null) {
            String precondition = route.getPrecondition();
            preconditions.put(name, precondition == null ? "true" : resolve(route, precondition));
        }
    }

    /** Placeholders resolved: a template instance's own parameters first, then the properties. */
    private String resolve(RouteDefinition route, String text) {
        if (route.getTemplateParameters() != null) {
            for (var p : route.getTemplateParameters().entrySet()) {
                text = text.replace("{{" + p.getKey() + "}}", String.valueOf(p.getValue()));
            }
        }
        try {
            return context.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            return text; // a placeholder only its route can resolve: as written
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // a removed route is being reloaded or replaced: its sink stays known
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // only routes read direct:sink-<name>; a template becomes one when instantiated
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // as above
    }

    /** {@code direct:sink-hris} or {@code direct://sink-hris?...} gives {@code hris}; any other uri null. */
    public static String sinkName(String uri) {
        if (uri == null) {
            return null;
        }
        String rest = uri.startsWith("direct://") ? uri.substring(9) : uri.startsWith("direct:") ? uri.substring(7) : null;
        if (rest == null) {
            return null;
        }
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        return name.startsWith(PREFIX) && name.length() > PREFIX.length() ? name.substring(PREFIX.length()) : null;
    }
}

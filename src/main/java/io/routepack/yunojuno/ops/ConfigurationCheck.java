package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.dispatch.DispatchTable;
import io.routepack.yunojuno.dispatch.SinkRoutes;
import io.routepack.yunojuno.sink.mail.MailTemplateCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once the routes are created and before any of them starts: every sink the dispatch mapping names
 * has a route, and every mail template exists and parses. Otherwise start-up stops with one line per
 * problem, naming the key or the file, instead of the mistake showing later as failed deliveries.
 * Sinks whose route is off (precondition false) are then left out of dispatch.
 */
public final class ConfigurationCheck implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("yunojuno.dispatch");

    private final DispatchTable dispatch;
    private final SinkRoutes sinkRoutes;

    public ConfigurationCheck(DispatchTable dispatch, SinkRoutes sinkRoutes) {
        this.dispatch = dispatch;
        this.sinkRoutes = sinkRoutes;
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        Set<String> defined = sinkRoutes.defined();
        List<String> problems = new ArrayList<>(dispatch.unknownSinks(defined));
        problems.addAll(MailTemplateCheck.problems(context));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Set<String> off = new HashSet<>(defined);
        off.removeAll(sinkRoutes.running());
        dispatch.switchOff(off);
        off.retainAll(dispatch.sinks());
        if (!off.isEmpty()) {
            LOG.info("Sinks off (their route's precondition is false), left out of dispatch: {}", String.join(", ", off));
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // everything is checked while starting, before the first route starts
    }
}

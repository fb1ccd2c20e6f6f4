package io.routepack.yunojuno.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a route file with Camel's own YAML DSL, as the pack does at start-up, so a misspelt step or field
 * ({@code - settHeader:}, {@code uir:}) is found before a deploy. Route definitions are only built, never
 * added to a context or started, and {@code beans} are skipped: creating them would check settings the
 * deployment supplies (the signing secret) and connect to brokers.
 */
final class RouteFileCheck {

    // Built, never started: nothing to stop, and stopping would log Camel's shutdown lines into the report.
    private final CamelContext context = new DefaultCamelContext();

    RouteFileCheck() {
        context.build();
    }

    /** The problem with a route file's steps, as {@code line N, column M: problem}; null when Camel reads it. */
    String check(String name, String yaml) {
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context)
                    .findRoutesBuilders(ResourceHelper.fromString(name, withoutBeans(yaml)))) {
                if (builder instanceof RouteBuilder routes) {
                    routes.configureRoutes(context);
                }
            }
            return null;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof MarkedYamlEngineException)) {
                t = t.getCause();
            }
            if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                return "line " + (marked.getProblemMark().get().getLine() + 1) + ", column "
                        + (marked.getProblemMark().get().getColumn() + 1) + ": " + marked.getProblem();
            }
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            return message.lines().findFirst().orElse(message);
        }
    }

    /** The file with each top-level {@code - beans:} item blanked, so line numbers stay those of the file. */
    private static String withoutBeans(String yaml) {
        StringBuilder out = new StringBuilder(yaml.length());
        boolean inBeans = false;
        for (String line : yaml.split("\n", -1)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inBeans = line.startsWith("- beans:");
            }
            out.append(inBeans ? "" : line).append('\n');
        }
        return out.toString();
    }
}

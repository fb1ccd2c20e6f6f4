package io.routepack.yunojuno.dispatch;

import io.routepack.yunojuno.Headers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Header;

/**
 * Which sinks each event type goes to, read once from {@value #KEY}. The mapping is a list of rules
 * separated by {@code ;}, each {@code <event types> = <sinks>}:
 * <pre>
 * client.contract.* = hris; client.contract.accepted,client.contract.cancelled = hr-email
 * </pre>
 * Event types are comma-separated, each an exact type or a family ({@code client.contract.*}); sinks are
 * comma-separated names, each the route that reads {@code direct:sink-<name>}. A type gets the sinks of
 * every rule that matches it, in order, each once. Catalogue types ({@link EventCatalogue}) no rule
 * matches go to no sink; other types are unrouted unless a rule names them exactly.
 */
public final class DispatchTable {

    /** The property that holds the mapping. */
    public static final String KEY = "dispatch.sinks";

    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    private final Map<String, List<String>> byType;
    private final Set<String> sinks;
    private volatile Set<String> off = Set.of();

    /** One rule: its exact types, its families (as prefixes, {@code client.contract.}) and its sinks. */
    private record Rule(Set<String> types, Set<String> prefixes, List<String> sinks) {

        boolean matches(String type) {
            return types.contains(type) || prefixes.stream().anyMatch(type::startsWith);
        }
    }

    private DispatchTable(Map<String, List<String>> byType, Set<String> sinks) {
        this.byType = byType;
        this.sinks = sinks;
    }

    /** Parses a mapping; a mistake in it is an {@link IllegalArgumentException} that names {@value #KEY}. */
    public static DispatchTable parse(String mapping) {
        List<Rule> rules = new ArrayList<>();
        for (String rule : (mapping == null ? "" : mapping).split(";")) {
            if (!rule.isBlank()) {
                rules.add(rule(rule.strip()));
            }
        }
        // Routed: the catalogue and every type a rule names exactly. Each gets its sinks now, in rule order.
        Set<String> routed = new LinkedHashSet<>(EventCatalogue.TYPES);
        rules.forEach(r -> routed.addAll(r.types()));
        Map<String, List<String>> byType = new HashMap<>();
        Set<String> allSinks = new LinkedHashSet<>();
        for (String type : routed) {
            Set<String> sinks = new LinkedHashSet<>();
            rules.stream().filter(r -> r.matches(type)).forEach(r -> sinks.addAll(r.sinks()));
            byType.put(type, List.copyOf(sinks));
        }
        rules.forEach(r -> allSinks.addAll(r.sinks()));
        return new DispatchTable(Map.copyOf(byType), Collections.unmodifiableSet(allSinks));
    }

    private static Rule rule(String rule) {
        int eq = rule.indexOf('=');
        if (eq < 0) {
            throw invalid("\"" + rule + "\" has no '=' between event types and sinks");
        }
        List<String> sinks = new ArrayList<>();
        for (String sink : rule.substring(eq + 1).split(",")) {
            String name = sink.strip();
            if (name.isEmpty() || sinks.contains(name)) {
                continue;
            }
            if (!SINK_NAME.matcher(name).matches()) {
                throw invalid("\"" + name + "\" is not a sink name (lower case letters, digits and dashes)");
            }
            sinks.add(name);
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();
        for (String t : rule.substring(0, eq).split(",")) {
            String type = t.strip();
            if (type.isEmpty()) {
                continue;
            }
            if (type.endsWith(".*") && EVENT_TYPE.matcher(type.substring(0, type.length() - 2)).matches()) {
                String prefix = type.substring(0, type.length() - 1);
                if (EventCatalogue.TYPES.stream().noneMatch(known -> known.startsWith(prefix))) {
                    throw invalid(type + " matches no YunoJuno event type");
                }
                prefixes.add(prefix);
            } else if (EVENT_TYPE.matcher(type).matches()) {
                types.add(type);
            } else {
                throw invalid("\"" + type + "\" is neither an event type nor a family such as client.contract.*");
            }
        }
        if (types.isEmpty() && prefixes.isEmpty()) {
            throw invalid("\"" + rule + "\" names no event type");
        }
        return new Rule(types, prefixes, sinks);
    }

    /** Every sink the mapping names. */
    public Set<String> sinks() {
        return sinks;
    }

    /**
     * One problem line per sink the mapping names that is not among {@code existing}, e.g.
     * {@code dispatch.sinks names unknown sink "hirs" (no route reads direct:sink-hirs)}.
     */
    public List<String> unknownSinks(Set<String> existing) {
        return sinks.stream().filter(s -> !existing.contains(s))
                .map(s -> KEY + " names unknown sink \"" + s + "\" (no route reads direct:sink-" + s + ")").toList();
    }

    /** Sinks that exist but are switched off (their route's precondition is false): left out of every event's sinks. */
    public void switchOff(Set<String> sinks) {
        this.off = Set.copyOf(sinks);
    }

    /**
     * The sinks an event of this type goes to, comma-separated (empty: none); {@code null} when the type is
     * not routed at all.
     */
    public String sinksFor(@Header(Headers.EVENT_TYPE) String eventType) {
        List<String> sinks = eventType == null ? null : byType.get(eventType);
        if (sinks == null) {
            return null;
        }
        Set<String> off = this.off;
        return String.join(",", off.isEmpty() ? sinks : sinks.stream().filter(s -> !off.contains(s)).toList());
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(KEY + ": " + problem);
    }
}

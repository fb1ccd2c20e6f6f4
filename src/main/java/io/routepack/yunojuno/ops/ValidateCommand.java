package io.routepack.yunojuno.ops;

import io.routepack.yunojuno.dispatch.DispatchTable;
import io.routepack.yunojuno.dispatch.SinkRoutes;
import io.routepack.yunojuno.sink.mail.MailTemplateCheck;
import io.routepack.yunojuno.sink.mail.MailTemplates;
import freemarker.template.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code java -jar yunojuno-camel-pack.jar validate [dir]}: checks {@code application.properties},
 * {@code routes/} and {@code templates/} of a pack folder without starting anything (no server, no
 * database), for CI and before a deploy. Every route file must be YAML whose steps Camel's YAML DSL reads,
 * whose beans' classes are in the pack and whose {@code {{settings}}} have a value; every sink
 * {@code dispatch.sinks} names needs a route from {@code direct:sink-<name>}; every template must parse, and
 * every template a property or route names must exist. Prints one {@code file: problem} line per problem and
 * exits 1, or exits 0. Settings resolve as in the pack: {@code -Dkey}, then the environment, then the file.
 */
public final class ValidateCommand {

    private static final String PROPERTIES = "application.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{((?:env:)?[^{}:]+)(?::([^{}]*))?}}");

    private final Path dir;
    private final Properties file = new Properties();
    private final List<String> problems = new ArrayList<>();

    private ValidateCommand(Path dir) {
        this.dir = dir;
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args) {
        return run(Path.of(args.length > 1 ? args[1] : "."), System.out);
    }

    /** Validates the pack folder {@code dir}, printing to {@code out}; returns 0 when it is fine, else 1. */
    public static int run(Path dir, PrintStream out) {
        ValidateCommand command = new ValidateCommand(dir);
        String summary = command.validate();
        command.problems.forEach(out::println);
        if (command.problems.isEmpty()) {
            out.println("valid: " + summary);
            return 0;
        }
        return 1;
    }

    private String validate() {
        try (Reader in = Files.newBufferedReader(dir.resolve(PROPERTIES))) {
            file.load(in);
        } catch (IOException e) {
            problems.add(PROPERTIES + ": cannot be read (" + e.getMessage() + ")");
            return "";
        }
        DispatchTable table = null;
        try {
            table = DispatchTable.parse(setting(DispatchTable.KEY, ""));
        } catch (IllegalArgumentException e) {
            problems.add(PROPERTIES + ": " + e.getMessage());
        }
        Map<String, Object> routes = readRoutes();
        Set<String> sinks = new LinkedHashSet<>();
        Set<String> templates = new LinkedHashSet<>();
        Map<String, Map<?, ?>> routeTemplates = new LinkedHashMap<>();
        routes.values().forEach(doc -> collectTemplates(doc, routeTemplates));
        routes.forEach((name, doc) -> collect(name, doc, routeTemplates, sinks, templates));
        if (table != null) {
            table.unknownSinks(sinks).forEach(p -> problems.add(PROPERTIES + ": " + p));
        }
        int parsed = checkTemplates(templates);
        return routes.size() + " route files, " + sinks.size() + " sinks (" + String.join(", ", sinks) + "), "
                + parsed + " templates";
    }

    /** Every routes/*.camel.yaml, parsed; a file that is not YAML, or whose steps Camel cannot read, is a problem. */
    private Map<String, Object> readRoutes() {
        Map<String, Object> docs = new LinkedHashMap<>();
        Path folder = dir.resolve("routes");
        RouteFileCheck camel = new RouteFileCheck();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                String name = "routes/" + f.getFileName();
                try {
                    String yaml = Files.readString(f);
                    docs.put(name, new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(yaml));
                    String problem = camel.check(name, yaml);
                    if (problem != null) {
                        problems.add(name + ": " + problem);
                    }
                } catch (YamlEngineException e) {
                    problems.add(name + ": " + e.getMessage().replace('\n', ' '));
                } catch (IOException e) {
                    problems.add(name + ": cannot be read (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            problems.add("routes/: cannot be read (" + e.getMessage() + ")");
        }
        return docs;
    }

    private static void collectTemplates(Object doc, Map<String, Map<?, ?>> routeTemplates) {
        if (doc instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m && m.get("routeTemplate") instanceof Map<?, ?> t && t.get("id") != null) {
                    routeTemplates.put(String.valueOf(t.get("id")), t);
                }
            }
        }
    }

    /** The sinks a route file defines (plain routes and template instances) and the templates it renders. */
    private void collect(String name, Object doc, Map<String, Map<?, ?>> routeTemplates, Set<String> sinks, Set<String> templates) {
        if (!(doc instanceof List<?> items)) {
            if (doc != null) {
                problems.add(name + ": not a list of routes, beans or templates");
            }
            return;
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                continue;
            }
            checkSettings(name, m, templateParameters(m));
            if (m.get("beans") instanceof List<?> beans) {
                beans.forEach(bean -> checkBeanType(name, bean));
            } else if (m.get("route") instanceof Map<?, ?> route) {
                addSink(fromUri(route), Map.of(), sinks);
                uris(route, Map.of(), templates);
            } else if (m.get("templatedRoute") instanceof Map<?, ?> instance) {
                Map<String, String> parameters = new LinkedHashMap<>();
                Map<?, ?> template = routeTemplates.get(String.valueOf(instance.get("routeTemplateRef")));
                if (template == null) {
                    problems.add(name + ": templatedRoute names unknown routeTemplate \"" + instance.get("routeTemplateRef") + "\"");
                    continue;
                }
                named(template.get("parameters"), "defaultValue").forEach((key, value) -> {
                    if (value != null) {
                        parameters.put(key, value);
                    }
                });
                named(instance.get("parameters"), "value")
                        .forEach((key, value) -> parameters.put(key, String.valueOf(value)));
                if (instance.get("routeId") != null) {
                    parameters.putIfAbsent("routeId", String.valueOf(instance.get("routeId")));
                }
                Object body = template.get("route") instanceof Map<?, ?> r ? r : template;
                addSink(body instanceof Map<?, ?> r ? fromUri(r) : null, parameters, sinks);
                uris(body, parameters, templates);
            }
        }
    }

    /** Every {@code {{key}}} without a default must have a value somewhere: start-up would fail resolving it. */
    private void checkSettings(String file, Object node, Set<String> parameters) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> checkSettings(file, v, parameters));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> checkSettings(file, v, parameters));
        } else if (node instanceof String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String key = m.group(1).strip();
                if (m.group(2) == null && !parameters.contains(key) && setting(key, null) == null) {
                    String problem = file + ": {{" + key + "}} has no value in " + PROPERTIES
                            + ", the environment or -D, and no default";
                    if (!problems.contains(problem)) {
                        problems.add(problem);
                    }
                }
            }
        }
    }

    /** The parameter names of a {@code routeTemplate} item (its {@code {{name}}}s are not settings); else none. */
    private static Set<String> templateParameters(Map<?, ?> item) {
        return item.get("routeTemplate") instanceof Map<?, ?> t
                ? named(t.get("parameters"), "defaultValue").keySet() : Set.of();
    }

    /** A template's or an instance's {@code parameters} list as name to {@code valueKey}'s value (null if absent). */
    private static Map<String, String> named(Object parameters, String valueKey) {
        Map<String, String> named = new LinkedHashMap<>();
        if (parameters instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> pm && pm.get("name") != null) {
                    Object value = pm.get(valueKey);
                    named.put(String.valueOf(pm.get("name")), value == null ? null : String.valueOf(value));
                }
            }
        }
        return named;
    }

    /** A bean's class must be on the pack's class path: start-up would fail creating it. */
    private void checkBeanType(String file, Object bean) {
        if (bean instanceof Map<?, ?> b && b.get("type") instanceof String type) {
            String className = type.startsWith("#class:") ? type.substring("#class:".length()) : type;
            if (className.startsWith("#") || className.contains("{{")) {
                return;
            }
            try {
                Class.forName(className.strip(), false, ValidateCommand.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(file + ": bean " + b.get("name") + ": class " + className.strip() + " is not in the pack");
            }
        }
    }

    private static String fromUri(Map<?, ?> route) {
        return route.get("from") instanceof Map<?, ?> from && from.get("uri") != null ? String.valueOf(from.get("uri")) : null;
    }

    private void addSink(String uri, Map<String, String> parameters, Set<String> sinks) {
        String resolved = uri == null ? null : resolve(uri, parameters);
        String sink = resolved == null ? null : SinkRoutes.sinkName(resolved);
        if (sink != null) {
            sinks.add(sink);
        }
    }

    /** Collects the template of every {@code freemarker:} uri in a route, resolved (unresolvable ones are left out). */
    private void uris(Object node, Map<String, String> parameters, Set<String> templates) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("uri".equals(e.getKey()) && e.getValue() instanceof String uri) {
                    String resolved = resolve(uri, parameters);
                    if (resolved != null && resolved.startsWith("freemarker:")) {
                        String template = resolved.substring("freemarker:".length());
                        templates.add(template.startsWith("file:") ? template.substring(5) : template);
                    }
                } else {
                    uris(e.getValue(), parameters, templates);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> uris(item, parameters, templates));
        }
    }

    /** Every template under templates/ and every one a route renders must exist and parse. */
    private int checkTemplates(Set<String> named) {
        Configuration freemarker = MailTemplates.under(dir.toFile());
        Set<String> all = new LinkedHashSet<>();
        Path folder = dir.resolve("templates");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(p -> "templates/" + p.getFileName()).filter(n -> n.endsWith(".ftl") || n.endsWith(".ftlh"))
                        .sorted().forEach(all::add);
            } catch (IOException e) {
                problems.add("templates/: cannot be read (" + e.getMessage() + ")");
            }
        }
        for (String name : named) {
            if (!name.startsWith("classpath:")) {
                all.add(name);
            }
        }
        for (String name : all) {
            String problem = MailTemplateCheck.parse(name, freemarker);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return all.size();
    }

    /** Property placeholders and template parameters resolved; null when one cannot be. */
    private String resolve(String text, Map<String, String> parameters) {
        for (int depth = 0; depth < 10 && text.contains("{{"); depth++) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String key = m.group(1).strip();
                String value = parameters.containsKey(key) ? parameters.get(key) : setting(key, m.group(2));
                if (value == null) {
                    return null;
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            text = out.toString();
        }
        return text;
    }

    /** As the pack reads a setting: {@code -Dkey}, then the environment variable, then the file. */
    private String setting(String key, String fallback) {
        if (key.startsWith("env:")) {
            String env = System.getenv(key.substring(4));
            return env != null ? env : fallback;
        }
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            value = file.getProperty(key, fallback);
        }
        return value == null ? null : value.strip();
    }
}

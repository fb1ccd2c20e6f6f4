package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md, application.properties and the code in step, without booting the pack: every key
 * in the file and every {@code {{key}}} the pack reads is documented, every documented key is read by the pack, and
 * documented defaults match the file and the {@code {{key:default}}} placeholders.
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Path PROPERTIES = Path.of("application.properties");
    private static final String CAMEL_SECTION = "## Camel Main settings the pack sets";
    private static final int MAX_KEYS = 45;
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][\\w.-]*)(?::([^}]*))?}}");

    /** A documented key: its section, and its default when the row gives one literal value. */
    private record Row(String key, boolean camelSection, String defaultValue) {
    }

    private static Map<String, Row> rows;
    private static List<String> duplicates;
    private static Properties file;
    private static String sources;

    @BeforeAll
    static void read() throws IOException {
        rows = new LinkedHashMap<>();
        duplicates = new ArrayList<>();
        boolean camel = false;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                camel = line.strip().equals(CAMEL_SECTION);
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && rows.containsKey(m.group(1))) {
                duplicates.add(m.group(1));
            } else if (m.find(0)) {
                rows.put(m.group(1), new Row(m.group(1), camel, literal(m.group(3))));
            }
        }
        file = new Properties();
        try (Reader r = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            file.load(r);
        }
        StringBuilder all = new StringBuilder();
        for (String dir : List.of("src/main/java", "src/main/resources", "routes", "templates")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                files.filter(Files::isRegularFile).filter(ConfigurationReferenceTest::isText)
                        .forEach(p -> all.append(text(p)).append('\n'));
            }
        }
        sources = all.toString();
    }

    @Test
    void theFileKeepsToTheKeysUsersSet() {
        assertTrue(file.size() <= MAX_KEYS, "application.properties has " + file.size() + " keys, at most " + MAX_KEYS
                + " allowed: give rarely changed keys a default in code and document them in " + DOC);
    }

    @Test
    void eachKeyHasOneRow() {
        assertTrue(duplicates.isEmpty(), "keys with more than one row in " + DOC + ": " + duplicates);
    }

    @Test
    void everyKeyInTheFileIsDocumented() {
        List<String> missing = file.stringPropertyNames().stream().filter(k -> !rows.containsKey(k)).sorted().toList();
        assertTrue(missing.isEmpty(), "keys in application.properties with no row in " + DOC + ": " + missing);
    }

    @Test
    void everyDocumentedKeyIsReadByThePack() {
        List<String> problems = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.key().startsWith("camel.") != row.camelSection()) {
                problems.add(row.key() + ": camel.* keys belong in \"" + CAMEL_SECTION + "\", and only they");
            } else if (row.camelSection()) {
                if (!file.containsKey(row.key()) && !sources.contains("\"" + row.key() + "\"")) {
                    problems.add(row.key() + ": documented as set by the pack, but neither application.properties"
                            + " nor the code sets it");
                }
            } else if (!isRead(row.key())) {
                problems.add(row.key() + ": documented, but nothing in src/main, routes/ or templates/ reads it");
            }
        }
        assertTrue(problems.isEmpty(), DOC + " is out of step with the code:\n  " + String.join("\n  ", problems));
    }

    @Test
    void everyPlaceholderKeyIsDocumented() {
        // dotted names only: route template parameters ({{sink}}) are not settings
        List<String> missing = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(sources);
        while (m.find()) {
            String key = m.group(1);
            if (key.contains(".") && !rows.containsKey(key) && !missing.contains(key)) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), "settings read as {{key}} with no row in " + DOC + ": " + missing);
    }

    @Test
    void documentedDefaultsMatchTheFileAndThePlaceholders() {
        List<String> problems = new ArrayList<>();
        for (String key : file.stringPropertyNames()) {
            Row row = rows.get(key);
            String value = envFallback(file.getProperty(key).strip());
            if (row != null && row.defaultValue() != null && !row.defaultValue().equals(value)) {
                problems.add(key + ": application.properties says '" + value + "', " + DOC + " says '"
                        + row.defaultValue() + "'");
            }
        }
        Matcher m = PLACEHOLDER.matcher(sources);
        while (m.find()) {
            Row row = rows.get(m.group(1));
            if (m.group(2) != null && row != null && row.defaultValue() != null && !row.defaultValue().equals(m.group(2))) {
                problems.add(m.group(1) + ": a placeholder defaults to '" + m.group(2) + "', " + DOC + " says '"
                        + row.defaultValue() + "'");
            }
        }
        assertTrue(problems.isEmpty(), "defaults differ:\n  " + String.join("\n  ", problems));
    }

    /**
     * Read as a placeholder or a string literal; or built from literals (e.g. {@code "delivery.default." + name} with
     * {@code "max-attempts"}), which a key with a {@code <sink>} segment always is.
     */
    private static boolean isRead(String key) {
        if (sources.contains("{{" + key + "}}") || sources.contains("{{" + key + ":") || sources.contains("\"" + key + "\"")) {
            return true;
        }
        String plain = key.replaceAll("<[^>]+>\\.", "");
        int split = key.indexOf('<') >= 0 ? key.indexOf('<') : plain.lastIndexOf('.') + 1;
        String prefix = key.substring(0, split);
        String suffix = key.substring(key.lastIndexOf('.') + 1);
        return split > 0 && sources.contains("\"" + prefix + "\"") && sources.contains("\"" + suffix + "\"");
    }

    /** {@code {{env:NAME:default}}} in the file means default unless the variable is set. */
    private static String envFallback(String value) {
        Matcher m = Pattern.compile("\\{\\{env:[A-Z_]+:([^}]*)}}").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    /** The default cell as a value: (empty) or one `literal`; anything else is prose and not compared. */
    private static String literal(String cell) {
        String c = cell.strip();
        if (c.equals("(empty)")) {
            return "";
        }
        Matcher m = Pattern.compile("`([^`]*)`").matcher(c);
        return m.matches() ? m.group(1) : null;
    }

    private static boolean isText(Path p) {
        String name = p.getFileName().toString();
        return !(name.endsWith(".png") || name.endsWith(".jar") || name.endsWith(".class"));
    }

    private static String text(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(p.toString(), e);
        }
    }
}

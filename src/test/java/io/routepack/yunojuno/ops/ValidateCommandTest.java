package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate: the shipped files pass; each kind of mistake is one "file: problem" line and exit code 1. */
class ValidateCommandTest {

    @TempDir
    Path pack;

    @Test
    void theShippedFilesAreValid() {
        // hr-email's route is off (hr.notify.to is empty) but exists: a sink all the same
        Result r = validate(Path.of("."));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("valid: "), r.out());
        // the sinks a user can name in dispatch.sinks, and no internal route of one (the HR writers)
        assertTrue(r.out().contains(" 6 sinks (finance-email, hr-email, finance-system, hris, kafka, rabbitmq)"), r.out());
    }

    @Test
    void aSinkWithoutARouteIsNamedWithTheKey() throws IOException {
        copyShipped();
        replaceInProperties("client.contract.* = hris;", "client.contract.* = hirs;");
        Result r = validate(pack);
        assertEquals(1, r.code(), r.out());
        assertEquals("application.properties: dispatch.sinks names unknown sink \"hirs\" (no route reads direct:sink-hirs)\n", r.out());
    }

    @Test
    void mistakesInTheMappingRouteFilesAndTemplatesAreEachALine() throws IOException {
        copyShipped();
        replaceInProperties("client.spend_request.approved = finance-email, finance-system",
                "client.spend_request.approved finance-email");
        // read by the finance-email instance of the mail-sink route template
        Files.writeString(pack.resolve("application.properties"),
                "\nfinance.email.html-template = templates/finance-spend-aproved.html.ftlh\n", StandardOpenOption.APPEND);
        Files.writeString(pack.resolve("routes/sink-broken.camel.yaml"), "- route:\n    id: [unclosed\n");
        Files.writeString(pack.resolve("templates/broken.txt.ftl"), "Approved:\n${title\n");
        Result r = validate(pack);
        assertEquals(1, r.code(), r.out());
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].startsWith("application.properties: dispatch.sinks: \"client.spend_request.approved finance-email\" has no '='"), r.out());
        assertTrue(lines[1].startsWith("routes/sink-broken.camel.yaml: "), r.out());
        assertTrue(lines[2].startsWith("templates/broken.txt.ftl: line 2: "), r.out());
        assertEquals("templates/finance-spend-aproved.html.ftlh: template file does not exist", lines[3]);
    }

    @Test
    void misspeltStepsFieldsAndBeanClassesAreEachALine() throws IOException {
        copyShipped();
        Path dispatch = pack.resolve("routes/dispatch.camel.yaml");
        int step = lineOf(dispatch, "- setHeader:");
        Files.writeString(dispatch, Files.readString(dispatch).replaceFirst("- setHeader:", "- settHeader:"));
        Files.writeString(pack.resolve("routes/sink-audit.camel.yaml"), """
                - beans:
                    - name: auditFormat
                      type: com.example.NotOnTheClasspath
                - route:
                    id: sink-audit
                    from:
                      uri: direct:sink-audit
                      steps:
                        - to:
                            uir: log:audit
                """);
        Result r = validate(pack);
        assertEquals(1, r.code(), r.out());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        // the position is the step's name, and the field's value
        assertEquals("routes/dispatch.camel.yaml: line " + step + ", column " + column(dispatch, step, "settHeader")
                + ": Unknown node id: settHeader", lines[0]);
        assertEquals("routes/sink-audit.camel.yaml: line 10, column 18: Unsupported field: uir", lines[1]);
        assertEquals("routes/sink-audit.camel.yaml: bean auditFormat: class com.example.NotOnTheClasspath is not in the pack",
                lines[2]);
    }

    @Test
    void aSettingWithNoValueAndNoDefaultIsNamed() throws IOException {
        copyShipped();
        Files.writeString(pack.resolve("routes/sink-audit.camel.yaml"), """
                - route:
                    id: sink-audit
                    description: Logs each event at the audit level
                    from:
                      uri: direct:sink-audit
                      steps:
                        - to:
                            uri: "log:audit?level={{audit.level}}&showHeaders={{audit.headers:false}}"
                """);
        Result r = validate(pack);
        assertEquals(1, r.code(), r.out());
        assertEquals("routes/sink-audit.camel.yaml: {{audit.level}} has no value in application.properties,"
                + " the environment or -D, and no default\n", r.out());

        Files.writeString(pack.resolve("application.properties"), "\naudit.level = INFO\n", StandardOpenOption.APPEND);
        assertEquals(0, validate(pack).code());
    }

    record Result(int code, String out) {
    }

    static Result validate(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ValidateCommand.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private static int column(Path file, int line, String text) throws IOException {
        return Files.readAllLines(file).get(line - 1).indexOf(text) + 1;
    }

    private void copyShipped() throws IOException {
        Files.copy(Path.of("application.properties"), pack.resolve("application.properties"));
        for (String folder : new String[] {"routes", "templates"}) {
            Files.createDirectories(pack.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path f : files.toList()) {
                    Files.copy(f, pack.resolve(folder).resolve(f.getFileName()));
                }
            }
        }
    }

    private void replaceInProperties(String from, String to) throws IOException {
        Path p = pack.resolve("application.properties");
        String text = Files.readString(p);
        assertTrue(text.contains(from), from);
        Files.writeString(p, text.replace(from, to));
    }
}

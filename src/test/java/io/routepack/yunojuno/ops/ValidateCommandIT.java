package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code java -jar … validate} as CI runs it: exit 0 on the shipped files, 1 with "file: problem" lines otherwise. */
class ValidateCommandIT {

    @Test
    void exitsZeroOnTheShippedFiles() throws Exception {
        Run r = validate(Path.of("."));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("valid: "), r.out());
    }

    @Test
    void exitsNonZeroNamingTheKeyForAnUnknownSink() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "validate-");
        copy(Path.of("application.properties"), dir.resolve("application.properties"));
        copy(Path.of("routes"), dir.resolve("routes"));
        copy(Path.of("templates"), dir.resolve("templates"));
        Path props = dir.resolve("application.properties");
        Files.writeString(props, Files.readString(props).replace("client.contract.* = hris;", "client.contract.* = hirs;"));
        Run r = validate(dir);
        assertEquals(1, r.code(), r.out());
        assertEquals("application.properties: dispatch.sinks names unknown sink \"hirs\" (no route reads direct:sink-hirs)",
                r.out().strip());
    }

    record Run(int code, String out) {
    }

    /** Runs the packaged jar's validate command in {@code dir}, with no server and no database. */
    static Run validate(Path dir) throws Exception {
        Process p = new ProcessBuilder("java", "-jar", PackProcess.JAR.toString(), "validate").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "validate did not finish within 60 s");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to);
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}

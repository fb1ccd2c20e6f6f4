package io.routepack.yunojuno.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample YunoJuno events shipped in ./samples/events (one per event type, plus variants). */
public final class Samples {

    public static final Path DIR = Path.of("samples", "events");

    private Samples() {
    }

    /** The bytes of {@code samples/events/<name>.json}; {@code name} may include {@code extra/}. */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample file, as names relative to the samples folder without {@code .json}. */
    public static List<String> all() {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> DIR.relativize(p).toString().replace('\\', '/').replaceAll("\\.json$", ""))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.routepack.yunojuno.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged jar running as its own process, from a working directory of its own holding copies of
 * application.properties and routes/, as a user would run it. Its output goes to pack.log there.
 */
public final class PackProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "yunojuno-camel-pack.jar").toAbsolutePath();
    /** The JVM options of the README's run command. */
    static final Path JVM_OPTIONS = Path.of("jvm.options").toAbsolutePath();

    private final Path dir;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    public PackProcess(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.port = PackRunner.freePort();
        this.env = new HashMap<>(env);
        this.env.put("CAMEL_SERVER_PORT", String.valueOf(port));
        this.env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(PackRunner.freePort()));
        this.env.putIfAbsent("YUNOJUNO_WEBHOOK_SECRETS", PackRunner.SECRET);
        try {
            Files.createDirectories(dir.resolve("routes"));
            Files.copy(Path.of("application.properties"), dir.resolve("application.properties"), StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path r : (Iterable<Path>) routes::iterator) {
                    Files.copy(r, dir.resolve("routes").resolve(r.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (Files.isDirectory(Path.of("templates"))) {
                copyTree(Path.of("templates"), dir.resolve("templates"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Starts the jar and waits until the webhook endpoint answers. */
    public PackProcess start() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run mvn package (mvn verify does it)");
        }
        // The JVM options of the README's run command (jvm.options), so crash and log tests run the jar as users do.
        ProcessBuilder pb = new ProcessBuilder("java", "@" + JVM_OPTIONS, "-jar", JAR.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pack.log").toFile()));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            process.destroyForcibly(); // never leave a half-started pack behind
            throw e;
        }
        return this;
    }

    private void awaitReady() {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::answers);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("pack did not answer within 60 s, see " + dir.resolve("pack.log"));
        }
    }

    /** True once the webhook endpoint answers an unsigned request with 401; throws if the process has exited. */
    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("pack exited at start-up with " + process.exitValue() + ", see " + dir.resolve("pack.log"));
        }
        try {
            return PackRunner.send(HttpRequest.newBuilder(webhookUri()).timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode() == 401;
        } catch (RuntimeException notYet) {
            return false; // not listening yet
        }
    }

    public int port() {
        return port;
    }

    public URI webhookUri() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/yunojuno");
    }

    /** SIGKILL: no shutdown hook, nothing flushed by the JVM. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits; returns whether it exited within the time. */
    public boolean terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

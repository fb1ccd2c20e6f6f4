package io.routepack.yunojuno.bench;

import io.routepack.yunojuno.bench.Events.Event;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A server under test in its own JVM (the pack jar, or the baseline): started from a working directory,
 * its output in a log file there, timed from process start to the first 2xx answer to a signed event,
 * measured (VmRSS), profiled (JFR via jcmd) and stopped (SIGTERM, then forcibly after a bound).
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    final String name;
    final int port;
    final Path workDir;
    final Path log;
    private final Process process;
    private final long startedNanos;
    long startupMillis = -1;

    private ServerProcess(String name, int port, Path workDir, Process process, long startedNanos) {
        this.name = name;
        this.port = port;
        this.workDir = workDir;
        this.log = workDir.resolve(name + ".log");
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static ServerProcess start(String name, int port, Path workDir, List<String> command, Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ServerProcess(name, port, workDir, p, t0);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Posts a fresh signed event every 20 ms until one is answered 2xx: the process is then ready for
     * webhooks. Returns the milliseconds from process start.
     */
    long awaitReady(String path, Supplier<Event> events) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        URI uri = URI.create("http://" + LoadDriver.HOST + ":" + port + path);
        long deadline = startedNanos + READY_TIMEOUT.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            Event e = events.get();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .header("Content-Type", "application/json").header("svix-id", e.id())
                        .header("svix-timestamp", e.timestamp()).header("svix-signature", e.signature())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(e.sample().bytes())).build(),
                        HttpResponse.BodyHandlers.discarding());
                lastStatus = r.statusCode();
                if (lastStatus / 100 == 2) {
                    startupMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                    return startupMillis;
                }
            } catch (IOException notListeningYet) {
                // connection refused until the HTTP server is up
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " not ready within " + READY_TIMEOUT + " (last status " + lastStatus + "); see " + log);
    }

    /** Resident set size now and its peak (VmRSS, VmHWM from /proc/PID/status), in MiB. */
    long[] residentMiB() throws IOException {
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line) / 1024;
            }
        }
        return new long[] {rss, hwm};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** @param settings a JFR configuration: {@code profile}, {@code default} or the path of a .jfc file */
    void jfrStart(Path file, String settings) throws Exception {
        jcmd("JFR.start", "name=bench", "settings=" + settings, "filename=" + file);
    }

    void jfrStop() throws Exception {
        jcmd("JFR.stop", "name=bench");
    }

    private void jcmd(String... args) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new java.util.ArrayList<>(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A TCP port free on the loopback address right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

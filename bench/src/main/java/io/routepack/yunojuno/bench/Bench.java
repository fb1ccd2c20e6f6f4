package io.routepack.yunojuno.bench;

import io.routepack.yunojuno.bench.Events.Event;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the whole benchmark: the bare baseline, then the pack on each database, each phase with fresh
 * signed events over real HTTP, and prints one table. Settings are {@code key=value} arguments (see
 * bench/README.md); run it with bench/run.sh.
 */
public final class Bench {

    private static final String PATH = "/webhooks/yunojuno";

    private final Map<String, String> cfg;
    private final Path repo;
    private final Path out;
    private final String secret;
    private final Events events;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder jfrReport = new StringBuilder();
    private double baselineRate = Double.NaN;

    private Bench(Map<String, String> cfg) throws IOException {
        this.cfg = cfg;
        this.repo = Path.of(get("repo", "..")).toAbsolutePath().normalize();
        this.out = Path.of(get("out", repo.resolve("bench/target/results").toString())).toAbsolutePath();
        Files.createDirectories(out);
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        this.secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        this.events = new Events(repo.resolve(get("samples", "samples/events")), secret);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> cfg = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("arguments are key=value, e.g. concurrency=64 dbs=h2,postgresql; see bench/README.md");
                System.exit(2);
            }
            cfg.put(a.substring(0, eq), a.substring(eq + 1));
        }
        long t0 = System.nanoTime();
        Bench bench = new Bench(cfg);
        try {
            bench.run();
        } finally {
            System.out.printf(Locale.ROOT, "%nTotal bench time: %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        System.exit(0);
    }

    private String get(String key, String def) {
        return cfg.getOrDefault(key, def);
    }

    private int getInt(String key, int def) {
        return Integer.parseInt(get(key, Integer.toString(def)));
    }

    private Duration seconds(String key, int def) {
        return Duration.ofSeconds(getInt(key, def));
    }

    private void run() throws Exception {
        int concurrency = getInt("concurrency", 64);
        System.out.printf("Samples: %d payloads; results in %s%n", events.samples().size(), out);
        try (LoadDriver driver = new LoadDriver(getInt("driver.event-loops", 2))) {
            if (Boolean.parseBoolean(get("baseline", "true"))) {
                runBaseline(driver, concurrency);
            }
            for (String db : get("dbs", "h2,postgresql").split(",")) {
                if (!db.isBlank()) {
                    runPack(driver, db.strip(), concurrency);
                }
            }
        }
        String table = table();
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("report.md"), table + System.lineSeparator() + jfrReport);
        System.out.println("Report (with JFR summaries): " + out.resolve("report.md"));
    }

    // ---------------------------------------------------------------- baseline

    private void runBaseline(LoadDriver driver, int concurrency) throws Exception {
        Path work = Files.createTempDirectory("yj-bench-baseline-");
        int port = ServerProcess.freePort();
        String benchJar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(baselineJavaOpts());
        cmd.addAll(List.of("-cp", benchJar, BaselineServer.class.getName(), Integer.toString(port), secret, PATH));
        System.out.printf("%n== baseline (Vert.x, verify signature + 204) on port %d (load average before: %s)%n", port, loadAverage());
        try (ServerProcess server = ServerProcess.start("baseline", port, work, cmd, Map.of())) {
            long startup = server.awaitReady(PATH, () -> events.one(""));
            warmUp(driver, server, concurrency);
            Result max = maxThroughput(driver, server, "baseline", concurrency, null);
            baselineRate = max.okPerSecond();
            long[] rss = server.residentMiB();
            add("baseline", max, "c=" + concurrency);
            Files.copy(server.log, out.resolve("baseline.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            notes.add(String.format(Locale.ROOT, "baseline: start-up to first 2xx %d ms, RSS %d MiB (peak %d MiB)",
                    startup, rss[0], rss[1]));
        }
    }

    // ---------------------------------------------------------------- pack

    private void runPack(LoadDriver driver, String name, int concurrency) throws Exception {
        // "<db>-ingest": the pack with dispatch.enabled=false (an ingest-only instance), phase (a) only.
        boolean ingestOnly = name.endsWith("-ingest");
        String db = ingestOnly ? name.substring(0, name.length() - "-ingest".length()) : name;
        Path jar = Path.of(get("pack.jar", repo.resolve("target/yunojuno-camel-pack.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("pack jar missing: " + jar + " (mvn -q -DskipTests package at the repo root)");
        }
        Path work = Files.createTempDirectory("yj-bench-" + db + "-");
        Files.copy(repo.resolve("application.properties"), work.resolve("application.properties"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(repo.resolve("routes"), "*.camel.yaml")) {
            for (Path f : files) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        // The email sinks read their (user-editable) templates from ./templates, as a deployment does.
        Path templates = Files.createDirectories(work.resolve("templates"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(repo.resolve("templates"))) {
            for (Path f : files) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        boolean noopSink = "noop".equals(get("sink", "none"));
        int port = ServerProcess.freePort();
        String target = "pack/" + name;

        Map<String, String> env = new LinkedHashMap<>();
        env.put("YUNOJUNO_WEBHOOK_SECRETS", secret);
        String jdbcUrl;
        String user;
        String pgDatabase = null;
        String hrisDatabase = null;
        String pgBase = get("pg.url", "jdbc:postgresql://127.0.0.1:5432/");
        switch (db) {
            case "h2" -> {
                // The pack's default embedded H2 file (./data/store under the working directory). AUTO_SERVER lets the
                // lag probe read it from this process while the pack holds it; the pack itself stays embedded. H2
                // refuses AUTO_SERVER together with the default's DB_CLOSE_ON_EXIT=FALSE, which only matters at exit.
                // The other options (WRITE_DELAY=0: every commit reaches the file before the pack answers) are the
                // default's, read from application.properties.
                jdbcUrl = "jdbc:h2:file:" + work.resolve("data/store") + h2Options(work.resolve("application.properties"))
                        + ";AUTO_SERVER=TRUE";
                user = "sa";
            }
            case "postgresql" -> {
                pgDatabase = "yj_bench_" + Long.toString(System.currentTimeMillis(), 36);
                user = get("pg.user", "postgres");
                try (Connection c = DriverManager.getConnection(pgBase + "postgres", user, get("pg.password", ""));
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + pgDatabase);
                    // A deployment on PostgreSQL keeps the HR tables on a database server too, not in an embedded
                    // H2 inside the pack: H2's page cache in the pack's heap costs young-GC time (see bench/README.md).
                    if (Boolean.parseBoolean(get("pg.hris", "true"))) {
                        hrisDatabase = pgDatabase + "_hris";
                        s.execute("CREATE DATABASE " + hrisDatabase);
                    }
                }
                jdbcUrl = pgBase + pgDatabase;
            }
            default -> throw new IllegalArgumentException("dbs: h2, postgresql, h2-ingest or postgresql-ingest, not " + name);
        }
        // System properties, not environment variables: Camel Main does not map CAMEL_SERVER_PORT/HOST onto
        // camel.server.* (checked with 4.18.0: the pack then listens on 0.0.0.0:8080). The secret stays in the env.
        Map<String, String> props = new LinkedHashMap<>();
        props.put("camel.server.host", LoadDriver.HOST);
        props.put("camel.server.port", Integer.toString(port));
        props.put("store.jdbc.url", jdbcUrl);
        props.put("store.jdbc.username", user);
        props.put("store.jdbc.password", db.equals("postgresql") ? get("pg.password", "") : "");
        if (hrisDatabase != null) {
            props.put("hris.jdbc.url", pgBase + hrisDatabase);
            props.put("hris.jdbc.username", user);
            props.put("hris.jdbc.password", get("pg.password", ""));
        }
        if (ingestOnly) {
            props.put("dispatch.enabled", "false");
        }
        if (noopSink) {
            Files.writeString(routes.resolve("sink-bench-noop.camel.yaml"), """
                    # Bench only: a sink that accepts every delivery and does nothing, so the ledger path is measured.
                    - route:
                        id: sink-bench-noop
                        description: Bench only, accepts every delivery and does nothing
                        from:
                          uri: direct:sink-bench-noop
                          steps:
                            - setProperty:
                                name: benchNoop
                                constant: "true"
                    """);
            props.put("dispatch.sinks", "client.client_contact.*, client.contract.*, client.spend_request.* = bench-noop");
        }
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(javaOpts());
        cmd.addAll(List.of("-XX:FlightRecorderOptions=stackdepth=256", "-Dh2.bindAddress=" + LoadDriver.HOST));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));

        System.out.printf("%n== %s on port %d, working directory %s (load average before: %s)%n", target, port, work, loadAverage());
        String loadAverage0 = loadAverage();
        try (ServerProcess pack = ServerProcess.start("pack", port, work, cmd, env)) {
            long startup = pack.awaitReady(PATH, () -> events.one(""));
            System.out.printf("  ready in %d ms%n", startup);

            // An ingest-only instance never works its inbox off, so it has no backlog to wait for.
            String phases = ingestOnly ? "max" : get("phases", "max,rate,lag");
            warmUp(driver, pack, concurrency);
            Backlog backlog = new Backlog(jdbcUrl, user, db.equals("postgresql") ? get("pg.password", "") : "",
                    get("backlog.sql", "SELECT (SELECT COUNT(*) FROM webhook_inbox WHERE status = 'received')"
                            + " + (SELECT COUNT(*) FROM webhook_delivery WHERE status IN ('pending', 'retrying'))"));
            if (!ingestOnly) {
                backlog.await(seconds("backlog.max-wait-seconds", 90), "after warm-up");
            }

            // (b) fixed rate, ack latency
            if (phases.contains("rate")) {
                int rate = getInt("rate", 500);
                // the first seconds at the rate still carry the warm-up burst's after-effects (its backlog was
                // just worked off): sent, reported on a line of their own, left out of the steady-rate figures
                int leadInSeconds = getInt("rate.lead-in-seconds", 5);
                int leadIn = rate * leadInSeconds;
                Event[] rated = events.generate(leadIn + rate * getInt("rate.seconds", 15), "", distinctRecords());
                System.out.printf("  (b) fixed rate %d/s for %d events, the first %d a lead-in%n", rate, rated.length, leadIn);
                Result first = new Result(target + " lead-in", true);
                Result fixed = driver.openLoop(target + " rate", port, PATH, rated, rate, getInt("rate.connections", 64),
                        null, leadIn, first);
                if (leadIn > 0) {
                    add(target, first, rate + "/s, first " + leadInSeconds + " s");
                }
                add(target, fixed, rate + "/s");
                backlog.await(seconds("backlog.max-wait-seconds", 90), "after the fixed-rate phase");
            }

            // (c) end-to-end lag at a lower fixed rate
            String lag = phases.contains("lag") ? lag(driver, pack, db, jdbcUrl, user, noopSink) : "lag not measured";

            // (a) maximum throughput, profiled; then how fast dispatch works off what ingress stored
            Path jfr = out.resolve("pack-" + name + ".jfr");
            Files.deleteIfExists(jfr);
            boolean profile = Boolean.parseBoolean(get("jfr", "false"));
            Result max = null;
            String drain = "";
            if (phases.contains("max")) {
                max = maxThroughput(driver, pack, target, concurrency, profile ? jfr : null);
                add(target, max, "c=" + concurrency);
                drain = ingestOnly ? "none worked off (dispatch.enabled=false)"
                        : backlog.await(seconds("drain.max-wait-seconds", 30), "after the max-throughput phase");
            }

            long[] rss = pack.residentMiB();
            notes.add(String.format(Locale.ROOT, "%s: load average before %s", target, loadAverage0));
            notes.add(String.format(Locale.ROOT, "%s: start-up to first 2xx %d ms; RSS after the run %d MiB (peak %d MiB); %s; "
                    + "max throughput %s/s = %s; dispatch backlog %s", target, startup, rss[0], rss[1], lag,
                    max == null ? "-" : fmt(max.okPerSecond(), 0), max == null ? "-" : ratio(max), drain));
            if (profile && Files.exists(jfr)) {
                String summary = JfrSummary.read(jfr).render(15);
                Files.writeString(out.resolve("jfr-" + name + ".txt"), summary);
                jfrReport.append(System.lineSeparator()).append("## JFR, ").append(target)
                        .append(", max-throughput phase").append(System.lineSeparator()).append("```")
                        .append(System.lineSeparator()).append(summary).append("```").append(System.lineSeparator());
                System.out.println("  JFR summary: " + out.resolve("jfr-" + name + ".txt"));
            }
        } finally {
            Files.copy(work.resolve("pack.log"), out.resolve("pack-" + name + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!Boolean.parseBoolean(get("keep-workdirs", "false"))) {
                deleteTree(work);
            }
            if (pgDatabase != null && !Boolean.parseBoolean(get("pg.keep", "false"))) {
                try (Connection c = DriverManager.getConnection(pgBase + "postgres", user, get("pg.password", ""));
                     Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
                    if (hrisDatabase != null) {
                        s.execute("DROP DATABASE IF EXISTS " + hrisDatabase + " WITH (FORCE)");
                    }
                }
            }
        }
    }

    /** The options of the default store URL ({@code ;KEY=VALUE...}), without DB_CLOSE_ON_EXIT, which AUTO_SERVER refuses. */
    static String h2Options(Path applicationProperties) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(applicationProperties)) {
            p.load(r);
        }
        String url = p.getProperty("store.jdbc.url", "");
        StringBuilder options = new StringBuilder();
        if (url.startsWith("jdbc:h2:")) {
            for (String option : url.split(";")) {
                if (option.contains("=") && !option.toUpperCase(Locale.ROOT).startsWith("DB_CLOSE_ON_EXIT=")) {
                    options.append(';').append(option.strip());
                }
            }
        }
        return options.toString();
    }

    private String lag(LoadDriver driver, ServerProcess pack, String db, String jdbcUrl, String user, boolean noopSink)
            throws Exception {
        int rate = getInt("lag.rate", 200);
        String sql = get("lag.sql", noopSink
                ? "SELECT delivered_at FROM webhook_delivery WHERE message_id = ?"
                : "SELECT dispatched_at FROM webhook_inbox WHERE message_id = ?");
        String url = get("lag.jdbc.url", jdbcUrl);
        String lagUser = get("lag.jdbc.user", user);
        String password = get("lag.jdbc.password", db.equals("postgresql") ? get("pg.password", "") : "");
        int count = rate * getInt("lag.seconds", 15);
        int distinct = Boolean.parseBoolean(get("lag.fresh-records", "true")) ? count : 0; // every event its own records
        Event[] batch = events.generate(count, get("lag.types", ""), distinct);
        System.out.printf("  (c) end-to-end lag at %d/s for %d events: %s%n", rate, batch.length, sql);
        try (LagProbe probe = new LagProbe(url, lagUser, password, sql)) {
            probe.start();
            Result r = driver.openLoop("pack/" + db + " lag", pack.port, PATH, batch, rate, 64,
                    (e, status, ackMillis) -> {
                        if (status / 100 == 2) {
                            probe.acked(e.id(), ackMillis);
                        }
                    });
            probe.finish(seconds("lag.drain-seconds", 20));
            add("pack/" + db, r, rate + "/s (lag)");
            if (probe.failure() != null) {
                return "lag probe failed: " + probe.failure();
            }
            long[] lags = probe.lags();
            String column = sql.replaceAll("(?i)^select\\s+(\\S+)\\s+from\\s+(\\S+).*$", "$2.$1");
            return String.format(Locale.ROOT, "lag 2xx -> %s at %d/s: p50 %s ms, p99 %s ms, max %s ms (%d rows, %d never seen)",
                    column, rate, fmt(LagProbe.percentile(lags, 50), 0), fmt(LagProbe.percentile(lags, 99), 0),
                    fmt(lags.length == 0 ? Double.NaN : lags[lags.length - 1], 0), lags.length, probe.missing());
        }
    }

    // ---------------------------------------------------------------- shared

    private Result maxThroughput(LoadDriver driver, ServerProcess server, String target, int concurrency, Path jfr) throws Exception {
        int cap = getInt("max.events-per-second-cap", 30_000);
        Duration measure = seconds("max.seconds", 15);
        Event[] load = events.generate((int) (cap * measure.toSeconds()), "", distinctRecords());
        if (jfr != null) {
            server.jfrStart(jfr, get("jfr.settings", "profile"));
        }
        System.out.printf("  (a) max throughput %d s at c=%d%s%n", measure.toSeconds(), concurrency, jfr != null ? " (JFR on)" : "");
        CpuMeter cpu = CpuMeter.start(server.pid());
        Result r = driver.closedLoop(server.name + " max", server.port, PATH, load, concurrency, measure, null);
        if (jfr != null) {
            server.jfrStop();
        }
        String perEvent = cpu.perEvent(r.ok.sum(), server.name, target.contains("postgresql"));
        System.out.println("  " + perEvent);
        notes.add(target + " max: " + perEvent + " (CPU time used during the phase / 2xx answers)");
        return r;
    }

    /** Record-id sets of the warm-up, (a) and (b): the samples' own nine contracts would queue the HR writes on row locks. */
    private int distinctRecords() {
        return getInt("distinct-records", 10_000);
    }

    /** JIT warm-up: closed loop at the test concurrency; its answers are not reported. */
    private void warmUp(LoadDriver driver, ServerProcess server, int concurrency) throws Exception {
        Duration warmup = seconds("warmup.seconds", 5);
        System.out.printf("  warm-up %d s at c=%d%n", warmup.toSeconds(), concurrency);
        driver.closedLoop(server.name + " warm-up", server.port, PATH,
                events.generate((int) (getInt("max.events-per-second-cap", 30_000) * warmup.toSeconds()), "", distinctRecords()),
                concurrency, warmup, null);
    }

    private void add(String target, Result r, String load) {
        String[] row = {target, r.label.substring(r.label.lastIndexOf(' ') + 1), load, Long.toString(r.answered),
            fmt(r.okPerSecond(), 0), fmt(r.millis(50), 2), fmt(r.millis(99), 2), fmt(r.maxMillis(), 1), r.notOkSummary()};
        rows.add(row);
        System.out.printf("  -> %s %s: %s 2xx/s, p50 %s ms, p99 %s ms, max %s ms, non-2xx %s%n",
                row[0], row[1], row[4], row[5], row[6], row[7], row[8]);
        if (!r.slow.isEmpty()) {
            slowAnswers(r, (target + "-" + row[1]).replace('/', '-'));
        }
    }

    /**
     * Writes the answers slower than 10 ms (due time, latency) to {@code slow-<target>-<phase>.csv} and prints the
     * windows they bunch in: a tail made of a few stalls looks different from one spread over the run.
     */
    private void slowAnswers(Result r, String name) {
        List<long[]> slow = new ArrayList<>(r.slow);
        slow.sort((a, b) -> Long.compare(a[0], b[0]));
        StringBuilder csv = new StringBuilder("due_epoch_ms,latency_us\n");
        List<String> windows = new ArrayList<>();
        int first = 0;
        for (int i = 0; i <= slow.size(); i++) {
            if (i < slow.size()) {
                csv.append(slow.get(i)[0]).append(',').append(slow.get(i)[1]).append('\n');
            }
            // a window: slow answers due less than 100 ms apart
            if (i == slow.size() || (i > first && slow.get(i)[0] - slow.get(i - 1)[0] > 100)) {
                long max = slow.subList(first, i).stream().mapToLong(a -> a[1]).max().orElse(0);
                windows.add(String.format(Locale.ROOT, "%s +%d ms: %d, max %.0f ms",
                        LocalTime.ofInstant(Instant.ofEpochMilli(slow.get(first)[0]), ZoneId.systemDefault())
                                .truncatedTo(ChronoUnit.MILLIS),
                        slow.get(i - 1)[0] - slow.get(first)[0], i - first, max / 1000.0));
                first = i;
            }
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("slow-" + name + ".csv"), csv);
        } catch (IOException e) {
            System.out.println("  (could not write the slow answers: " + e + ")");
        }
        System.out.printf("     %d answers over 10 ms, in %d windows: %s%n", slow.size(), windows.size(),
                String.join("; ", windows.subList(0, Math.min(12, windows.size())))
                        + (windows.size() > 12 ? "; ..." : ""));
    }

    private String ratio(Result max) {
        return Double.isNaN(baselineRate) || baselineRate == 0 ? "n/a (baseline=false)"
                : fmt(100 * max.okPerSecond() / baselineRate, 1) + "% of the baseline's " + fmt(baselineRate, 0) + "/s";
    }

    private String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Run %s, %d cores (load generator on the same cores), JVM opts for the pack: %s; for the baseline: %s%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                Runtime.getRuntime().availableProcessors(), describe(javaOpts()), describe(baselineJavaOpts())));
        b.append("| target | phase | load | answers | 2xx/s | p50 ms | p99 ms | max ms | non-2xx |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
        for (String[] r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        b.append('\n');
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private List<String> javaOpts() {
        // By default the JVM options the README runs the pack with: the java launcher reads the repo's jvm.options
        // itself (@file), as it does for users. "server.java-opts=" (empty) measures JVM defaults.
        return split(get("server.java-opts", "@" + repo.resolve("jvm.options")));
    }

    private List<String> baselineJavaOpts() {
        // A throughput collector, the pack's heap and the full JIT: the pack's jvm.options trade peak speed for
        // memory, start-up and short pauses (quick JIT only, which also leaves SHA-256 without its CPU intrinsic);
        // the baseline the pack is compared with should not pay for that.
        return split(get("baseline.java-opts", "-XX:+UseParallelGC -Xmx160m"));
    }

    private static List<String> split(String opts) {
        return opts.isBlank() ? List.of() : List.of(opts.strip().split("\\s+"));
    }

    private static String describe(List<String> opts) {
        return opts.isEmpty() ? "(JVM defaults)" : String.join(" ", opts);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

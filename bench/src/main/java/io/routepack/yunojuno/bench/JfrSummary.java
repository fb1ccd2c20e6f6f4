package io.routepack.yunojuno.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the pack (JDK 17 has no {@code jfr view}): where the CPU samples land
 * (self = the running method, total = anywhere on the stack, for the pack's own methods and a few
 * library entry points), by thread pool, the allocation hot spots, GC pauses and CPU load.
 */
final class JfrSummary {

    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<String, Integer> selfPackage = new HashMap<>();
    private final Map<String, Long> allocBySite = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Integer> nativeByThread = new HashMap<>();
    private final Map<String, Long> waitMillis = new HashMap<>();
    private int samples;
    private int nativeSamples;
    private long allocTotal;
    private int gcCount;
    private Duration gcPause = Duration.ZERO;
    private double jvmCpuSum;
    private double machineCpuSum;
    private int cpuCount;

    /** {@code java -cp yunojuno-bench.jar io.routepack.yunojuno.bench.JfrSummary FILE.jfr [TOP]} */
    public static void main(String[] args) throws IOException {
        System.out.print(read(Path.of(args[0])).render(args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }

    static JfrSummary read(Path file) throws IOException {
        JfrSummary s = new JfrSummary();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                s.accept(rf.readEvent());
            }
        }
        return s;
    }

    private void accept(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> execution(e);
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                nativeByThread.merge(pool(e.getThread("sampledThread")), 1, Integer::sum);
            }
            case "jdk.ObjectAllocationSample" -> {
                long w = e.getLong("weight");
                allocTotal += w;
                allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                allocBySite.merge(firstNonJdkFrame(e.getStackTrace()), w, Long::sum);
            }
            case "jdk.GarbageCollection" -> {
                gcCount++;
                gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
            }
            case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.SocketRead", "jdk.FileForce",
                    "jdk.FileWrite" -> waiting(e);
            case "jdk.CPULoad" -> {
                jvmCpuSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                machineCpuSum += e.getFloat("machineTotal");
                cpuCount++;
            }
            default -> {
            }
        }
    }

    /** Time threads spent blocked, except idle pools waiting for work (thresholds of the profile settings). */
    private void waiting(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) {
            return;
        }
        for (RecordedFrame f : st.getFrames()) {
            String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            if (m.endsWith("ThreadPoolExecutor.getTask") || m.endsWith("SedaConsumer.doRun") || m.startsWith("java.util.TimerThread")
                    || m.contains("BackgroundWriterThread") || m.contains("ScheduledThreadPoolExecutor$DelayedWorkQueue")
                    || m.endsWith("BlockedThreadChecker$1.run") || m.startsWith("org.h2.server.TcpServer")) {
                return;
            }
        }
        String key = e.getEventType().getName().substring(4) + " in " + pool(e.getThread("eventThread")) + " at " + firstNonJdkFrame(st);
        waitMillis.merge(key, e.getDuration().toMillis(), Long::sum);
    }

    private void execution(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        samples++;
        threads.merge(pool(e.getThread("sampledThread")), 1, Integer::sum);
        List<RecordedFrame> frames = st.getFrames();
        String leaf = method(frames.get(0));
        self.merge(leaf, 1, Integer::sum);
        selfPackage.merge(bucket(frames.get(0).getMethod().getType().getName()), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            String m = method(f);
            if (seen.add(m)) {
                total.merge(m, 1, Integer::sum);
            }
        }
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    private static String firstNonJdkFrame(RecordedStackTrace st) {
        if (st == null) {
            return "?";
        }
        for (RecordedFrame f : st.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
                    && !type.startsWith("com.zaxxer.hikari.util.") && !type.startsWith("io.netty.util.concurrent")) {
                return method(f);
            }
        }
        return st.getFrames().isEmpty() ? "?" : method(st.getFrames().get(0));
    }

    /** Library of a class, for "self time by library". */
    private static String bucket(String type) {
        String[][] known = {
            {"io.routepack.", "pack code (io.routepack)"}, {"org.h2.", "H2 engine"}, {"org.postgresql.", "PostgreSQL JDBC driver"},
            {"com.zaxxer.hikari.", "HikariCP"}, {"org.apache.camel.", "Camel"}, {"io.vertx.", "Vert.x"},
            {"io.netty.", "Netty"}, {"com.fasterxml.", "Jackson"}, {"org.apache.logging.", "Log4j"},
            {"com.sun.crypto.", "JDK crypto (HMAC)"}, {"sun.security.", "JDK crypto (HMAC)"}, {"javax.crypto.", "JDK crypto (HMAC)"},
            {"java.", "JDK (java.*)"}, {"jdk.", "JDK (jdk.*)"}, {"sun.", "JDK (sun.*)"},
        };
        for (String[] k : known) {
            if (type.startsWith(k[0])) {
                return k[1];
            }
        }
        return "other";
    }

    /** Thread name without its sequence number: the pool it belongs to. */
    private static String pool(RecordedThread t) {
        String name = t == null ? "?" : t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return name == null ? "?" : name.replaceAll("[-#\\s]*\\d+$", "").replaceAll("\\d+", "N");
    }

    String render(int top) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("CPU samples (jdk.ExecutionSample): %d; native-method samples (threads waiting in native code, e.g. socket reads): %d%n",
                samples, nativeSamples));
        if (cpuCount > 0) {
            b.append(String.format("CPU load during recording: pack JVM %.0f%% of the machine, machine total %.0f%% (2 cores: 100%% = both)%n",
                    100 * jvmCpuSum / cpuCount, 100 * machineCpuSum / cpuCount));
        }
        b.append(String.format("GC: %d collections, %d ms total pause%n", gcCount, gcPause.toMillis()));
        section(b, "Self CPU by library (leaf frame)", selfPackage, samples, top);
        section(b, "CPU by thread pool", threads, samples, top);
        section(b, "Hot methods, self (leaf frame)", self, samples, top);
        Map<String, Integer> ownTotal = total.entrySet().stream()
                .filter(en -> en.getKey().contains("(io.routepack") || en.getKey().startsWith("PgConnection.commit")
                        || en.getKey().startsWith("PgPreparedStatement.executeUpdate") || en.getKey().startsWith("Mac.doFinal")
                        || en.getKey().startsWith("HikariDataSource.getConnection") || en.getKey().startsWith("ProxyConnection.close")
                        || en.getKey().startsWith("Session.commit") || en.getKey().startsWith("MVStore.commit")
                        || en.getKey().startsWith("Mac.getInstance") || en.getKey().startsWith("SimpleBuilder")
                        || en.getKey().startsWith("DefaultExchangeHolder") || en.getKey().startsWith("Processor"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        section(b, "Pack methods and key library calls, total (anywhere on the stack)", ownTotal, samples, top);
        section(b, "Waiting in native code, by thread pool (jdk.NativeMethodSample)", nativeByThread, nativeSamples, top);
        b.append(System.lineSeparator()).append("Blocked time (park/monitor/socket/file events over the threshold; idle pools left out), ms summed over threads:")
                .append(System.lineSeparator());
        waitMillis.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> b.append(String.format("  %7d ms  %s%n", en.getValue(), en.getKey())));
        sectionLong(b, "Allocation by site (first non-JDK frame, sampled bytes)", allocBySite, allocTotal, top);
        sectionLong(b, "Allocation by class (sampled bytes)", allocByClass, allocTotal, top);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, Map<String, Integer> counts, int of, int top) {
        b.append(System.lineSeparator()).append(title).append(':').append(System.lineSeparator());
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> b.append(String.format("  %5.1f%%  %s%n", of == 0 ? 0 : 100.0 * en.getValue() / of, en.getKey())));
    }

    private static void sectionLong(StringBuilder b, String title, Map<String, Long> counts, long of, int top) {
        b.append(System.lineSeparator()).append(title).append(':').append(System.lineSeparator());
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> b.append(String.format("  %5.1f%%  %s%n", of == 0 ? 0 : 100.0 * en.getValue() / of, en.getKey())));
    }
}

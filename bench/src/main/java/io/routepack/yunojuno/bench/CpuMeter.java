package io.routepack.yunojuno.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU time spent by the server process and by the PostgreSQL server processes during a phase, from
 * /proc/PID/stat (utime + stime). Divided by the events answered, it gives CPU per event: a figure that
 * moves far less than events/s when the load generator and other work share the same two cores.
 */
final class CpuMeter {

    /** Clock ticks per second of /proc/PID/stat (USER_HZ); 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long serverPid;
    private final double serverStart;
    private final double postgresStart;

    private CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = seconds(serverPid);
        this.postgresStart = postgresSeconds();
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    /**
     * "pack CPU 812 µs/event" for the events answered since start, with ", PostgreSQL CPU 240 µs/event" when
     * the server stores in PostgreSQL.
     */
    String perEvent(long events, String serverName, boolean withPostgres) {
        double server = seconds(serverPid) - serverStart;
        double postgres = postgresSeconds() - postgresStart;
        String text = String.format(Locale.ROOT, "%s CPU %.0f µs/event", serverName, 1e6 * server / Math.max(1, events));
        if (withPostgres) {
            text += String.format(Locale.ROOT, ", PostgreSQL CPU %.0f µs/event", 1e6 * postgres / Math.max(1, events));
        }
        return text;
    }

    private static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** All processes whose command is "postgres" (the server and its backends); 0 when there are none. */
    private static double postgresSeconds() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuMeter::isPostgres)
                    .mapToDouble(p -> seconds(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isPostgres(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).strip().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }
}

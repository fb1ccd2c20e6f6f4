package io.routepack.yunojuno.bench;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What one load phase measured: answers by status, ack latency histogram (µs), rate. Thread-safe. */
final class Result {

    final String label;
    final Histogram latencyMicros = new ConcurrentHistogram(3);
    final LongAdder ok = new LongAdder();
    final Map<String, LongAdder> notOk = new ConcurrentHashMap<>();
    private final AtomicLong lastAnswerNanos = new AtomicLong();
    /**
     * Answers slower than {@link #SLOW_MICROS}: {wall-clock ms when the request was due, latency µs}; kept for the
     * fixed-rate phases only (at maximum load most answers are slower, and the load generator shares the cores).
     */
    final ConcurrentLinkedQueue<long[]> slow = new ConcurrentLinkedQueue<>();
    private final boolean keepSlow;
    static final long SLOW_MICROS = 10_000;
    // nanoTime -> wall clock, to line slow answers up with the pack's JFR recording and GC log
    private static final long EPOCH_MINUS_NANO = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    long sent;
    long answered;
    double seconds;

    Result(String label) {
        this(label, false);
    }

    Result(String label, boolean keepSlow) {
        this.label = label;
        this.keepSlow = keepSlow;
    }

    void answered(int status, long latencyNanos, long nowNanos) {
        long micros = Math.max(0, latencyNanos / 1000);
        latencyMicros.recordValue(micros);
        if (keepSlow && micros >= SLOW_MICROS) {
            slow.add(new long[] {(EPOCH_MINUS_NANO + nowNanos - latencyNanos) / 1_000_000L, micros});
        }
        if (status / 100 == 2) {
            ok.increment();
        } else {
            notOk.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
        }
        lastAnswerNanos.accumulateAndGet(nowNanos, Math::max);
    }

    void failed(Throwable cause, long nowNanos) {
        String kind = cause instanceof TimeoutException || cause instanceof ConnectTimeoutException ? "timeout"
                : cause instanceof ConnectException ? "conn-refused"
                : cause instanceof HttpClosedException ? "closed"
                : cause.getClass().getSimpleName();
        notOk.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastAnswerNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** Fixes the totals; the rate is answers per second from the start to the last answer. */
    void finish(long startNanos) {
        answered = latencyMicros.getTotalCount();
        long end = lastAnswerNanos.get();
        seconds = end > startNanos ? (end - startNanos) / 1e9 : 0;
        long failures = notOk.entrySet().stream().filter(e -> !e.getKey().matches("\\d+"))
                .mapToLong(e -> e.getValue().sum()).sum();
        long missing = sent - answered - failures;
        if (missing > 0) {
            notOk.computeIfAbsent("no-answer", k -> new LongAdder()).add(missing);
        }
    }

    double perSecond() {
        return seconds > 0 ? answered / seconds : 0;
    }

    double okPerSecond() {
        return seconds > 0 ? ok.sum() / seconds : 0;
    }

    double millis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    String notOkSummary() {
        if (notOk.isEmpty()) {
            return "0";
        }
        Map<String, Long> sorted = new TreeMap<>();
        notOk.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.toString().replace(" ", "");
    }
}

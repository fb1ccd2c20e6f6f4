package io.routepack.yunojuno.bench;

import io.routepack.yunojuno.bench.Events.Event;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts signed events to a server over real HTTP/1.1 with keep-alive (Vert.x HttpClient), either
 * closed-loop (a fixed number of connections, each sending its next request as soon as the previous one
 * is answered: maximum throughput) or open-loop (requests started on a fixed schedule whatever the
 * answers do; latency is measured from the scheduled start, so a slow server cannot hide its queueing:
 * no coordinated omission).
 */
final class LoadDriver implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final CharSequence SVIX_ID = HttpHeaders.createOptimized("svix-id");
    private static final CharSequence SVIX_TIMESTAMP = HttpHeaders.createOptimized("svix-timestamp");
    private static final CharSequence SVIX_SIGNATURE = HttpHeaders.createOptimized("svix-signature");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final long REQUEST_TIMEOUT_MS = 10_000;
    /** How long in-flight requests may take to finish after the load stops. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    /** Told about every answer (status, wall-clock millis when it arrived). */
    interface AckListener {
        void acked(Event event, int status, long ackEpochMillis);
    }

    private final Vertx vertx;
    private final int eventLoops;

    LoadDriver(int eventLoops) {
        this.eventLoops = eventLoops;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1));
    }

    /**
     * Closed loop: {@code concurrency} keep-alive connections send back to back until {@code duration}
     * has passed or the events run out.
     */
    Result closedLoop(String label, int port, String path, Event[] events, int concurrency, Duration duration,
                      AckListener listener) throws Exception {
        Result result = new Result(label);
        int lanes = Math.max(1, Math.min(eventLoops, concurrency));
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Lane> deployed = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            int workers = concurrency / lanes + (l < concurrency % lanes ? 1 : 0);
            Lane lane = new Lane(port, path, workers, listener) {
                @Override
                void begin() {
                    for (int w = 0; w < workers; w++) {
                        sendNext();
                    }
                }

                private void sendNext() {
                    int i;
                    if (System.nanoTime() >= end || (i = next.getAndIncrement()) >= events.length) {
                        done.countDown();
                        return;
                    }
                    long t0 = System.nanoTime();
                    send(events[i]).onComplete(ar -> {
                        record(result, events[i], t0, ar);
                        sendNext();
                    });
                }
            };
            deployed.add(lane);
        }
        run(deployed, () -> done.await(duration.plus(DRAIN).toMillis(), TimeUnit.MILLISECONDS));
        result.sent = Math.min(next.get(), events.length);
        result.finish(start);
        return result;
    }

    /**
     * Open loop: event i is due at start + i / rate; a 1 ms tick starts every request that is due. Latency
     * runs from the due time, so it includes any wait for a free connection or for the tick (at most ~1 ms).
     * The first {@code leadIn} events are sent at the same rate but recorded in {@code leadInResult}, not in
     * the returned result, so the figures describe the steady rate and the lead-in is still reported.
     */
    Result openLoop(String label, int port, String path, Event[] events, double rate, int maxConnections,
                    AckListener listener) throws Exception {
        return openLoop(label, port, path, events, rate, maxConnections, listener, 0, null);
    }

    Result openLoop(String label, int port, String path, Event[] events, double rate, int maxConnections,
                    AckListener listener, int leadIn, Result leadInResult) throws Exception {
        Result result = new Result(label, true);
        int lanes = Math.max(1, Math.min(eventLoops, 2));
        long interval = (long) (1_000_000_000L / rate);
        CountDownLatch done = new CountDownLatch(events.length);
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L; // give the lanes time to deploy
        List<Lane> deployed = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            int first = l;
            Lane lane = new Lane(port, path, Math.max(1, maxConnections / lanes), listener) {
                int i = first;

                @Override
                void begin() {
                    vertx.setPeriodic(1, timer -> {
                        long due = (System.nanoTime() - start) / interval;
                        while (i <= due && i < events.length) {
                            Event e = events[i];
                            long intended = start + i * interval;
                            Result into = i < leadIn ? leadInResult : result;
                            i += lanes;
                            sent.incrementAndGet();
                            send(e).onComplete(ar -> {
                                record(into, e, intended, ar);
                                done.countDown();
                            });
                        }
                        if (i >= events.length) {
                            vertx.cancelTimer(timer);
                        }
                    });
                }
            };
            deployed.add(lane);
        }
        long planned = (long) (events.length / rate * 1000);
        run(deployed, () -> done.await(planned + DRAIN.toMillis(), TimeUnit.MILLISECONDS));
        result.sent = sent.get() - leadIn;
        result.finish(start + leadIn * interval);
        if (leadIn > 0) {
            leadInResult.sent = leadIn;
            leadInResult.finish(start);
        }
        return result;
    }

    private interface Await {
        boolean await() throws InterruptedException;
    }

    private void run(List<Lane> lanes, Await await) throws Exception {
        for (Lane lane : lanes) {
            vertx.deployVerticle(lane).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (Lane lane : lanes) {
            lane.kick();
        }
        boolean finished = await.await();
        for (Lane lane : lanes) {
            vertx.undeploy(lane.deploymentID()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (!finished) {
            System.out.println("  (some requests got no answer within the drain time; counted as no-answer)");
        }
    }

    /** One event loop's share of the load, with its own client (connections stay on its loop). */
    private abstract static class Lane extends AbstractVerticle {
        private final int port;
        private final String path;
        private final int connections;
        private final AckListener listener;
        private HttpClient client;

        Lane(int port, String path, int connections, AckListener listener) {
            this.port = port;
            this.path = path;
            this.connections = connections;
            this.listener = listener;
        }

        @Override
        public void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                            .setTcpNoDelay(true).setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(connections));
        }

        @Override
        public void stop() {
            client.close();
        }

        abstract void begin();

        void kick() {
            context.runOnContext(v -> begin());
        }

        Future<Integer> send(Event e) {
            RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(port).setURI(path)
                    .setTimeout(REQUEST_TIMEOUT_MS)
                    .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                    .putHeader(SVIX_ID, e.id())
                    .putHeader(SVIX_TIMESTAMP, e.timestamp())
                    .putHeader(SVIX_SIGNATURE, e.signature());
            return client.request(ro)
                    .compose(req -> req.send(e.sample().buffer()))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()));
        }

        void record(Result result, Event e, long startNanos, AsyncResult<Integer> ar) {
            long now = System.nanoTime();
            if (ar.succeeded()) {
                int status = ar.result();
                result.answered(status, now - startNanos, now);
                if (listener != null) {
                    listener.acked(e, status, System.currentTimeMillis());
                }
            } else {
                result.failed(ar.cause(), now);
            }
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

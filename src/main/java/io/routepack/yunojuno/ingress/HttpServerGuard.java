package io.routepack.yunojuno.ingress;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection limits for the webhook HTTP server, so a handful of clients cannot hold it: connections idle
 * for {@code yunojuno.webhook.idle-timeout-seconds} are closed; a request whose headers or body have not
 * all arrived {@code yunojuno.webhook.read-timeout-seconds} after it started is answered 408 and its
 * connection closed; connections beyond {@code yunojuno.webhook.max-connections} are closed at once.
 * Client errors on the wire (bad chunk sizes, garbage request lines) log one short WARN per connection.
 * <p>
 * Camel's Vert.x server builds its {@link HttpServerOptions} itself and takes the {@link Vertx} from the
 * registry, so the pack binds a {@link Vertx} that hands out servers which apply these limits when they
 * listen on the webhook port; the management server, on its own port, is left as it is.
 */
public final class HttpServerGuard implements AutoCloseable {

    static final String IDLE_KEY = "yunojuno.webhook.idle-timeout-seconds";
    static final String READ_KEY = "yunojuno.webhook.read-timeout-seconds";
    static final String MAX_KEY = "yunojuno.webhook.max-connections";

    private static final Logger LOG = LoggerFactory.getLogger("yunojuno.connections");
    private static final String TIMEOUT_BODY = "{\"error\":\"request_timeout\",\"message\":\"request not received in time\"}";

    private final int webhookPort;
    private final int idleTimeoutSeconds;
    private final long readTimeoutMillis;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private volatile Vertx vertx;
    /** Each open connection with what the sweep times on it: one entry per connection, not per request. */
    private final Map<HttpConnection, Watch> connections = new ConcurrentHashMap<>();

    /**
     * Since when a connection has waited for its first request head, or since when its current request has been
     * arriving. The sweep lets go of a request once it has ended (its body may be large, and a keep-alive
     * connection can idle long); between requests the server's idle timeout applies.
     */
    private static final class Watch {
        volatile long sinceNanos = System.nanoTime();
        volatile boolean headSeen;
        final AtomicReference<HttpServerRequest> request = new AtomicReference<>();
    }

    HttpServerGuard(int webhookPort, int idleTimeoutSeconds, int readTimeoutSeconds, int maxConnections) {
        this.webhookPort = webhookPort;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.readTimeoutMillis = TimeUnit.SECONDS.toMillis(readTimeoutSeconds);
        this.maxConnections = maxConnections;
    }

    /** Reads the limits (defaults in code), failing start-up with a message that names a key set wrong. */
    public static HttpServerGuard fromProperties(PropertiesComponent props) {
        return new HttpServerGuard(positive(props, "camel.server.port", 8080),
                positive(props, IDLE_KEY, 30), positive(props, READ_KEY, 10), positive(props, MAX_KEY, 1000));
    }

    private static int positive(PropertiesComponent props, String key, int fallback) {
        String value = props.resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(String.valueOf(fallback));
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number above 0, not '" + value + "'");
    }

    /**
     * A {@link Vertx} for the registry: every call goes to the real instance (made on first use by
     * {@code real}), except that its HTTP servers apply the limits on the webhook port, and {@code close} is
     * left to {@link #close()} (both Camel HTTP servers close the Vert.x they found, the first while the
     * second still runs).
     */
    public Vertx vertx(Supplier<Vertx> real) {
        Supplier<Vertx> delegate = () -> {
            Vertx v = vertx; // read on every call Camel makes (one per request), so no lock once made
            if (v == null) {
                synchronized (this) {
                    if (vertx == null) {
                        vertx = real.get();
                    }
                    v = vertx;
                }
            }
            return v;
        };
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("createHttpServer") && args != null && args.length == 1
                    && args[0] instanceof HttpServerOptions options) {
                return server(delegate.get(), options);
            }
            if (method.getName().equals("close")) {
                return completed(method, args);
            }
            return invoke(method, delegate.get(), args);
        };
        return (Vertx) Proxy.newProxyInstance(HttpServerGuard.class.getClassLoader(), new Class<?>[] {VertxInternal.class}, handler);
    }

    /** Closes the real Vert.x, once both HTTP servers have stopped. */
    @Override
    public synchronized void close() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            vertx = null;
        }
    }

    /** The server behind one this guard handed out (the health check reads the real server's state). */
    public static HttpServer actual(HttpServer server) {
        if (server != null && Proxy.isProxyClass(server.getClass()) && Proxy.getInvocationHandler(server) instanceof LazyServer lazy) {
            return lazy.real;
        }
        return server;
    }

    private HttpServer server(Vertx vertx, HttpServerOptions options) {
        return (HttpServer) Proxy.newProxyInstance(HttpServerGuard.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                new LazyServer(vertx, options));
    }

    /**
     * Records what Camel sets up on the server until it listens: only then is the port known, so only then
     * is the real server made, with or without the limits.
     */
    private final class LazyServer implements InvocationHandler {
        private final Vertx vertx;
        private final HttpServerOptions options;
        private final List<Object[]> calls = new ArrayList<>();
        private volatile HttpServer real;

        LazyServer(Vertx vertx, HttpServerOptions options) {
            this.vertx = vertx;
            this.options = options;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (real == null && method.getName().startsWith("listen")) {
                int port = args != null && args.length > 0 && args[0] instanceof Integer p ? p : options.getPort();
                real = port == webhookPort ? guarded() : vertx.createHttpServer(options);
                for (Object[] call : calls) {
                    HttpServerGuard.invoke((Method) call[0], real, (Object[]) call[1]);
                }
            }
            if (real != null) {
                return HttpServerGuard.invoke(method, real, args);
            }
            if (method.getReturnType() == HttpServer.class) {
                calls.add(new Object[] {method, args});
                return proxy;
            }
            if (method.getName().equals("close")) {
                return completed(method, args);
            }
            return method.getReturnType() == int.class ? 0 : method.getReturnType() == boolean.class ? false : null;
        }

        @SuppressWarnings("unchecked")
        private HttpServer guarded() {
            // Without h2c (webhooks come over HTTP/1.1) a connection is an HTTP connection from its first moment,
            // so one that never sends a byte is counted and timed too.
            HttpServerOptions limited = new HttpServerOptions(options).setIdleTimeout(idleTimeoutSeconds)
                    .setIdleTimeoutUnit(TimeUnit.SECONDS).setHttp2ClearTextEnabled(false);
            HttpServer server = vertx.createHttpServer(limited);
            // Camel's request handler (the router), wrapped: each request is watched until its body is in.
            for (int i = 0; i < calls.size(); i++) {
                Method m = (Method) calls.get(i)[0];
                Object[] a = (Object[]) calls.get(i)[1];
                if (m.getName().equals("requestHandler") && a != null && a.length == 1) {
                    Handler<HttpServerRequest> router = (Handler<HttpServerRequest>) a[0];
                    calls.set(i, new Object[] {m, new Object[] {(Handler<HttpServerRequest>) request -> {
                        started(request);
                        router.handle(request);
                    }}});
                }
            }
            server.connectionHandler(HttpServerGuard.this::opened);
            server.exceptionHandler(e -> LOG.warn("connection error before HTTP: {}", e.getClass().getSimpleName()));
            long sweep = Math.max(100, Math.min(1000, readTimeoutMillis / 4));
            vertx.setPeriodic(sweep, id -> sweep());
            return server;
        }
    }

    private void opened(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            LOG.warn("connection closed: {} connections open (yunojuno.webhook.max-connections)", maxConnections);
            connection.close();
            return;
        }
        connections.put(connection, new Watch());
        boolean[] warned = new boolean[1];
        connection.exceptionHandler(e -> {
            // Bad bytes from a client are its problem, not ours: one short line per connection, no stack trace.
            if (!warned[0]) {
                warned[0] = true;
                LOG.warn("client error on connection from {}: {}", connection.remoteAddress(), e.getClass().getSimpleName());
            }
        });
        connection.closeHandler(v -> {
            open.decrementAndGet();
            connections.remove(connection);
        });
    }

    private void started(HttpServerRequest request) {
        Watch watch = connections.get(request.connection());
        if (watch != null) {
            watch.sinceNanos = System.nanoTime();
            watch.headSeen = true;
            watch.request.set(request);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        connections.forEach((connection, watch) -> {
            HttpServerRequest request = watch.request.get();
            if (request != null && request.isEnded()) {
                watch.request.compareAndSet(request, null); // not a newer request that has just started
                return;
            }
            if (now - watch.sinceNanos <= limit) {
                return;
            }
            if (!watch.headSeen) {
                connections.remove(connection);
                connection.close(); // no request head in time; thread-safe: Vert.x runs it on the connection's event loop
            } else if (request != null && watch.request.compareAndSet(request, null)) {
                timedOut(request); // once: it closes the connection, which ends the watch
            }
        });
    }

    private static void timedOut(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (!request.isEnded() && !response.ended() && !response.headWritten()) {
            response.setStatusCode(408).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                    .end(TIMEOUT_BODY).onComplete(done -> request.connection().close());
        } else if (!request.isEnded()) {
            request.connection().close();
        }
    }

    private static Object completed(Method method, Object[] args) {
        if (args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> h) {
            @SuppressWarnings("unchecked")
            Handler<AsyncResult<Void>> done = (Handler<AsyncResult<Void>>) h;
            done.handle(Future.succeededFuture());
            return null;
        }
        return method.getReturnType() == Future.class ? Future.succeededFuture() : null;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

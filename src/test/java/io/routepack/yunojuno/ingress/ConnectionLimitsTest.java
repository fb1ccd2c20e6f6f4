package io.routepack.yunojuno.ingress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The webhook server's connection limits: idle connections and stalled requests are closed, a cap on
 * connections holds, and many idle sockets do not delay a real webhook. Timeouts are set small here;
 * each wait below is several times the timeout, so only a connection that is never closed fails it.
 */
class ConnectionLimitsTest {

    private static final String POST_HEAD = "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    /** The end of a head announcing 100 bytes of body, and the first few of them. */
    private static final String STALLED_BODY = "Content-Length: 100\r\n\r\n{\"event_type\":";

    private static final String UNSIGNED = POST_HEAD + "Content-Length: 2\r\n\r\n{}";
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (PackRunner pack = PackRunner.start(props("yunojuno.webhook.idle-timeout-seconds", "2"));
             Socket socket = connect(pack)) {
            send(socket, UNSIGNED);
            // The 401 comes back on a connection kept alive; then nothing is sent, and the server closes it.
            String seen = readUntilClosed(socket, Duration.ofSeconds(15));
            assertTrue(seen.startsWith("HTTP/1.1 401"), seen);
        }
    }

    @Test
    void stalledBodyIsAnsweredWithRequestTimeout() throws IOException {
        try (PackRunner pack = PackRunner.start(props("yunojuno.webhook.read-timeout-seconds", "1"))) {
            try (Socket socket = connect(pack)) {
                send(socket, POST_HEAD + STALLED_BODY);
                String seen = readUntilClosed(socket, Duration.ofSeconds(15));
                assertTrue(seen.startsWith("HTTP/1.1 408"), seen);
                assertTrue(seen.contains("\"error\":\"request_timeout\""), seen);
            }
            try (Socket socket = connect(pack)) {
                // A chunked body whose last chunk never comes.
                send(socket, POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n");
                String seen = readUntilClosed(socket, Duration.ofSeconds(15));
                assertTrue(seen.startsWith("HTTP/1.1 408"), seen);
            }
            try (Socket socket = connect(pack)) {
                // Headers that never end.
                send(socket, "POST /webhooks/yunojuno HTTP/1.1\r\nHost: x\r\n");
                readUntilClosed(socket, Duration.ofSeconds(15));
            }
            assertEquals(202, pack.postSigned(Samples.bytes("client.contract.offered")).statusCode(), "the server still serves");
        }
    }

    @Test
    void aKeepAliveConnectionIsNotTimedOutBetweenRequestsButItsStalledNextRequestIs() throws IOException {
        try (PackRunner pack = PackRunner.start(props("yunojuno.webhook.read-timeout-seconds", "1"))) {
            try (Socket socket = connect(pack)) {
                // A whole request (unsigned, so answered 401 at once) on a connection that stays open.
                send(socket, UNSIGNED);
                String first = readResponse(socket);
                assertTrue(first.startsWith("HTTP/1.1 401"), first);
                // Idle for more than the read timeout: the ended request is not timed out, the connection stays open.
                socket.setSoTimeout(2_500);
                assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(), "nothing sent, nothing closed");
                // The next request on it stalls in its body, and is timed from its own start.
                send(socket, POST_HEAD + STALLED_BODY);
                String seen = readUntilClosed(socket, Duration.ofSeconds(15));
                assertTrue(seen.startsWith("HTTP/1.1 408"), seen);
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** One whole response: its head, then its body, chunked (as the pack answers) or of a Content-Length. */
    private static String readResponse(Socket socket) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (true) {
            String text = seen.toString(StandardCharsets.US_ASCII);
            int head = text.indexOf("\r\n\r\n");
            if (head >= 0) {
                Matcher length = CONTENT_LENGTH.matcher(text);
                if (length.find() ? text.length() >= head + 4 + Integer.parseInt(length.group(1)) : text.endsWith("\r\n0\r\n\r\n")) {
                    return text;
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed mid-response: " + text);
            }
            seen.write(b);
        }
    }

    @Test
    void fiveHundredIdleSocketsDoNotDelayASignedEvent() throws IOException {
        try (PackRunner pack = PackRunner.start(props())) {
            // A first event warms the path (class loading, the first insert), so the timing below is about the sockets.
            assertEquals(202, pack.postSigned(Samples.bytes("client.contract.offered")).statusCode());
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    idle.add(connect(pack));
                }
                byte[] body = Samples.bytes("client.contract.offered");
                long started = System.nanoTime();
                HttpResponse<String> r = pack.postSigned(body);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(202, r.statusCode(), r.body());
                // The bound: an answer within 1 s (a stored event is usually answered in a few ms).
                assertTrue(millis < 1000, "answered after " + millis + " ms");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosed() throws IOException {
        try (PackRunner pack = PackRunner.start(props("yunojuno.webhook.max-connections", "5"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(connect(pack));
                }
                // Each of the five is served (so each is counted) and kept alive.
                for (Socket s : held) {
                    send(s, UNSIGNED);
                    assertTrue(readResponse(s).startsWith("HTTP/1.1 401"));
                }
                try (Socket sixth = connect(pack)) {
                    assertEquals("", readUntilClosed(sixth, Duration.ofSeconds(15)), "the sixth connection is closed unanswered");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            // Closed connections free their places (once the server has seen them close).
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> pack.postSigned(Samples.bytes("client.contract.offered")).statusCode() == 202);
        }
    }

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> p = PackRunner.defaults(TestDatabase.H2.create());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Socket connect(PackRunner pack) throws IOException {
        Socket s = new Socket("127.0.0.1", pack.port());
        s.setSoTimeout(15_000);
        return s;
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after {@code within}. */
    private static String readUntilClosed(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + within + "; received: " + seen.toString(StandardCharsets.UTF_8));
        } catch (java.net.SocketException reset) {
            // closed by a reset: closed all the same
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}

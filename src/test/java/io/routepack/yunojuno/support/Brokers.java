package io.routepack.yunojuno.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Skips a broker test with a message when its broker is absent, except under CI (CI=true), where it fails. */
public final class Brokers {

    private Brokers() {
    }

    /** True when something listens on host:port. */
    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips (or fails under CI) with {@code what} and how to provide it. */
    public static void unavailable(String what) {
        String message = what + ": its tests are skipped.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true: " + message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }
}

package io.routepack.yunojuno.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Serves the operations console: exactly the three files under {@code classpath:console/}, nothing else
 * (any other path under {@code /console} is 404). The page holds no data of its own: it asks the admin
 * API for everything, with the token the operator types in.
 */
public final class ConsoleAssets implements Processor {

    private static final Map<String, String[]> FILES = Map.of(
            "", new String[] {"index.html", "text/html; charset=utf-8"},
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console.css", "text/css; charset=utf-8"});

    /** Scripts and styles only from this server; no frames, no inline code, no other hosts. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String path = in.getHeader(Exchange.HTTP_PATH, "", String.class);
        String[] file = FILES.get(path.startsWith("/console") ? path.substring("/console".length()) : path);
        in.removeHeaders("*");
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Referrer-Policy", "no-referrer");
        in.setHeader("X-Frame-Options", "DENY");
        if (file == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody("Not found");
            return;
        }
        in.setHeader(Exchange.CONTENT_TYPE, file[1]);
        in.setHeader("Content-Security-Policy", CSP);
        in.setBody(read(file[0]));
    }

    private static byte[] read(String name) {
        try (InputStream s = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (s == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

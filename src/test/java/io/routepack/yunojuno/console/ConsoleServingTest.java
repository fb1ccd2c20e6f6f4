package io.routepack.yunojuno.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console is exactly three static files, served only when the admin API exists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleServingTest {

    PackRunner pack;

    @BeforeAll
    void start() {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("admin.token", "c0ns0le-t0ken");
        pack = PackRunner.start(props);
    }

    @AfterAll
    void stop() {
        if (pack != null) {
            pack.close();
        }
    }

    @Test
    void servesThePageItsScriptAndItsStyleSheet() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            HttpResponse<String> page = get(pack, path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(page.body().contains("/console/console.js"), path);
        }
        HttpResponse<String> page = get(pack, "/console");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));

        HttpResponse<String> script = get(pack, "/console/console.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertFalse(script.body().contains(".innerHTML"), "the console never writes data as HTML");

        HttpResponse<String> style = get(pack, "/console/console.css");
        assertEquals(200, style.statusCode());
        assertTrue(style.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void servesNothingElse() {
        for (String path : new String[] {"/console/application.properties", "/console/../application.properties",
                "/console/%2e%2e/application.properties", "/console/console.js/x", "/console/log4j2.xml",
                "/console/db/inbox", "/consolex", "/console/index.html?x=1/../../pom.xml"}) {
            HttpResponse<String> r = get(pack, path);
            if (path.endsWith("?x=1/../../pom.xml")) {
                assertFalse(r.body().contains("<project"), path);
            } else {
                assertEquals(404, r.statusCode(), path + " -> " + r.body());
            }
            assertFalse(r.body().contains("store.jdbc") || r.body().contains("<Configuration"), path);
        }
        HttpResponse<String> post = PackRunner.send(HttpRequest.newBuilder(uri(pack, "/console"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertNotEquals(200, post.statusCode());
    }

    @Test
    void isAbsentWhenNoAdminTokenIsConfigured() {
        try (PackRunner plain = PackRunner.start(PackRunner.defaults(TestDatabase.H2.create()))) {
            assertEquals(404, get(plain, "/console").statusCode());
            assertEquals(404, get(plain, "/console/console.js").statusCode());
        }
    }

    private static HttpResponse<String> get(PackRunner pack, String path) {
        return PackRunner.send(HttpRequest.newBuilder(uri(pack, path)).GET().build());
    }

    private static URI uri(PackRunner pack, String path) {
        return URI.create("http://127.0.0.1:" + pack.port() + path);
    }
}

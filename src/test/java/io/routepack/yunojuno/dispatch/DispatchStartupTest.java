package io.routepack.yunojuno.dispatch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Mistakes in dispatch and in the mail templates stop start-up with a message that names the key or the
 * file, instead of showing up later as failed deliveries.
 */
class DispatchStartupTest {

    @Test
    void aSinkWithoutARouteStopsStartUpNamingTheKey() {
        String message = startFails(Map.of("dispatch.sinks", "client.contract.* = hirs; client.spend_request.approved = finance-email"));
        assertTrue(message.contains("dispatch.sinks names unknown sink \"hirs\" (no route reads direct:sink-hirs)"), message);
        assertTrue(!message.contains("finance-email"), message);
    }

    @Test
    void aMistakeInTheMappingStopsStartUpNamingTheKey() {
        String message = startFails(Map.of("dispatch.sinks", "client.contract.* hris"));
        assertTrue(message.contains("dispatch.sinks: \"client.contract.* hris\" has no '='"), message);
    }

    @Test
    void aMissingTemplateStopsStartUpNamingTheFile() {
        String message = startFails(Map.of("finance.email.html-template", "templates/finance-spend-aproved.html.ftlh"));
        assertTrue(message.contains("templates/finance-spend-aproved.html.ftlh: template file does not exist"), message);
    }

    @Test
    void aTemplateThatDoesNotParseStopsStartUpNamingTheFileAndLine() throws IOException {
        Path broken = Path.of("target", "broken-" + UUID.randomUUID() + ".txt.ftl");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "Approved:\n${title\n");
        try {
            String message = startFails(Map.of("finance.email.text-template", broken.toString()));
            assertTrue(message.contains(broken + ": line 2"), message);
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    private static String startFails(Map<String, String> overrides) {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.putAll(overrides);
        Throwable e = assertThrows(IllegalStateException.class, () -> PackRunner.start(props).close());
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}

package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.PackProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pack that cannot bind its webhook port stops with an error instead of running without receiving anything. */
class PortInUseIT {

    @Test
    void exitsWithAClearErrorWhenTheWebhookPortIsTaken() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "port-");
        try (PackProcess pack = new PackProcess(dir, Map.of());
             ServerSocket squatter = new ServerSocket(pack.port(), 50, InetAddress.getByName("0.0.0.0"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, pack::start);
            assertTrue(e.getMessage().contains("exited at start-up with 1"), e.getMessage());
            String log = Files.readString(dir.resolve("pack.log"));
            assertTrue(log.contains("The webhook HTTP server could not bind its port (camel.server.port)"), log);
        }
    }
}

package io.routepack.yunojuno;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * Starts the route pack: Camel Main reading {@code ./application.properties} and {@code ./routes/*.camel.yaml}
 * from the working directory, so users edit both in place.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        chooseLogFormat();
        Main main = create();
        main.run(args);
    }

    /**
     * {@code log.format=json} (system property, {@code LOG_FORMAT}, or ./application.properties) switches
     * the console to JSON lines. Decided before anything logs, since Log4j reads its configuration once.
     */
    static void chooseLogFormat() {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return; // the user chose a configuration of their own
        }
        String format = System.getProperty("log.format", System.getenv("LOG_FORMAT"));
        if (format == null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
                file.load(in);
            } catch (IOException | RuntimeException e) {
                // no file (or unreadable): the text default
            }
            format = file.getProperty("log.format", "text");
        }
        if ("json".equalsIgnoreCase(format.strip())) {
            System.setProperty("log4j2.configurationFile", "log4j2-json.xml");
        }
    }

    /** The pack's Camel Main, configured but not started; tests use it too. */
    public static Main create() {
        // No classpath scanning: routes come from ./routes, beans from PackConfiguration.
        Main main = new Main();
        // A top-level file instead of the classpath default; -Dkey=value and environment variables still win.
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true");
        main.configure().addConfiguration(PackConfiguration.class);
        return main;
    }
}

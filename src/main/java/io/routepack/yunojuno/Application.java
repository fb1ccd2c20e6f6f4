package io.routepack.yunojuno;

import io.routepack.yunojuno.tools.ReplayCommand;
import org.apache.camel.main.Main;

/**
 * Starts the route pack: Camel Main reading {@code ./application.properties} and {@code ./routes/*.camel.yaml}
 * from the working directory, so users edit both in place.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(args));
        }
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
        String format = Settings.get("log.format", "text");
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

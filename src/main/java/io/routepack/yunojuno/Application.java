package io.routepack.yunojuno;

import io.routepack.yunojuno.ops.WebhookServerHealthCheck;
import io.routepack.yunojuno.admin.ReplayCommand;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

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
        AtomicBoolean portFailed = new AtomicBoolean();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                // Vert.x only warns when the port is taken; a pack that cannot receive webhooks must not run on.
                if (!WebhookServerHealthCheck.isListening(started.getCamelContext())) {
                    LoggerFactory.getLogger(Application.class).error(
                            "The webhook HTTP server could not bind its port (camel.server.port): is another process using it? Stopping.");
                    portFailed.set(true);
                    main.completed();
                }
            }
        });
        main.run(args);
        if (portFailed.get()) {
            System.exit(1);
        }
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

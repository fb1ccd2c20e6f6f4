package io.routepack.yunojuno;

import io.routepack.yunojuno.ops.WebhookServerHealthCheck;
import io.routepack.yunojuno.admin.ReplayCommand;
import io.routepack.yunojuno.ops.ValidateCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
        if (args.length > 0 && args[0].equals("people")) {
            System.exit(io.routepack.yunojuno.privacy.PeopleCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("validate")) {
            System.exit(ValidateCommand.run(args));
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
        // Camel Main settings the pack always wants; application.properties, -D and environment variables still win.
        CAMEL_DEFAULTS.forEach(main::addInitialProperty);
        main.configure().addConfiguration(PackConfiguration.class);
        return main;
    }

    /** Camel's own settings with the pack's defaults (docs/configuration.md, "Camel Main settings the pack sets"). */
    static final Map<String, String> CAMEL_DEFAULTS = camelDefaults();

    private static Map<String, String> camelDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("camel.main.name", "yunojuno-camel-pack");
        // Finish in-flight work on SIGTERM, but never hang longer than this (seconds).
        d.put("camel.main.shutdown-timeout", "{{env:CAMEL_MAIN_SHUTDOWN_TIMEOUT:30}}");
        // The ingress reads each body once as bytes: no stream caching needed.
        d.put("camel.main.stream-caching-enabled", "false");
        // Masked in the start-up summary of properties besides Camel's own words (password, token, secret...).
        d.put("camel.main.additional-sensitive-keywords", "secrets");
        // Route hot reload, a development aid: off unless camel.main.routes-reload-enabled=true. A saved file under
        // routes/ replaces only its own routes: removing all routes trips over duplicate route ids in Camel 4.18.
        d.put("camel.main.routes-reload-enabled", "false");
        d.put("camel.main.routes-reload-directory", "routes");
        d.put("camel.main.routes-reload-pattern", "*.camel.yaml");
        d.put("camel.main.routes-reload-remove-all-routes", "false");
        d.put("camel.server.enabled", "true");
        // Larger bodies get 413 without being read to the end.
        d.put("camel.server.max-body-size", "{{yunojuno.webhook.max-body-bytes:1048576}}");
        // Webhooks are JSON: never spool multipart uploads to disk.
        d.put("camel.server.file-upload-enabled", "false");
        // The webhook route runs on the Vert.x worker pool; each request holds a thread while it waits for its commit.
        d.put("camel.beans.vertxOptions", "#class:io.vertx.core.VertxOptions");
        d.put("camel.beans.vertxOptions.workerPoolSize", "{{yunojuno.webhook.worker-threads:64}}");
        // Health and metrics on a port of their own, never on the webhook port.
        d.put("camel.management.enabled", "true");
        d.put("camel.management.health-check-enabled", "true");
        d.put("camel.management.metrics-enabled", "true");
        d.put("camel.metrics.enabled", "true");
        d.put("camel.metrics.binders", "jvm-memory,jvm-gc,jvm-thread,processor,uptime");
        // Route counts and timers come from the route policy; the per-exchange notifier would search every meter per event.
        d.put("camel.metrics.enable-exchange-event-notifier", "false");
        // Outbound HTTP sinks: timeouts (ms) well under delivery.claim-timeout-seconds, and no client retries
        // (the delivery ledger retries with back-off; HttpClient would repeat a 503 or 429 itself).
        d.put("camel.component.http.connect-timeout", "10000");
        d.put("camel.component.http.so-timeout", "30000");
        d.put("camel.component.http.response-timeout", "30000");
        d.put("camel.component.http.automatic-retries-disabled", "true");
        return Collections.unmodifiableMap(d);
    }
}

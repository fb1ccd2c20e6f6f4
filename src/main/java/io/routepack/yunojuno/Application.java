package io.routepack.yunojuno;

import org.apache.camel.main.Main;

/**
 * Starts the route pack: Camel Main reading {@code ./application.properties} and {@code ./routes/*.camel.yaml}
 * from the working directory, so users edit both in place.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        main.run(args);
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

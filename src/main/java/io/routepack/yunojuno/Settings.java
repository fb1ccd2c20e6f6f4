package io.routepack.yunojuno;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads a setting the way the pack resolves it, for the few places that need one before (or without)
 * Camel: {@code -Dkey}, then the environment variable ({@code KEY_NAME}), then ./application.properties.
 */
public final class Settings {

    private Settings() {
    }

    public static String get(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
                file.load(in);
            } catch (IOException e) {
                // no file: the fallback
            }
            value = file.getProperty(key, fallback);
        }
        return value.strip();
    }
}

package io.routepack.yunojuno.sink;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.routepack.yunojuno.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code sink.<name>.drop-fields}: JSONPath expressions, comma-separated (e.g. {@code $..date_of_birth}), whose
 * matches are removed from the event before sink {@code <name>} sees it. Only the exchange's copy changes: the
 * inbox keeps the original, so a replay is faithful and a later change of the list applies to it. Compiled at
 * start-up: a path that does not parse stops the pack naming its key.
 */
public final class DropFields {

    private static final String SUFFIX = "drop-fields";
    private static final Pattern KEY = Pattern.compile("sink\\.([^.]+)\\." + SUFFIX);
    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final Map<String, List<JsonPath>> bySink = new LinkedHashMap<>();

    /** Reads every {@code sink.<name>.drop-fields} key of {@code properties}. */
    public DropFields(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                continue;
            }
            List<JsonPath> paths = new ArrayList<>();
            for (String path : properties.getProperty(key, "").split(",")) {
                if (path.isBlank()) {
                    continue;
                }
                try {
                    paths.add(JsonPath.compile(path.strip()));
                } catch (InvalidPathException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": \"" + path.strip() + "\" is not a JSONPath (" + e.getMessage() + ")");
                }
            }
            if (!paths.isEmpty()) {
                bySink.put(m.group(1), paths);
            }
        }
    }

    /** True for a {@code sink.<name>.drop-fields} key. */
    public static boolean isKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** Removes the fields listed for the exchange's sink ({@link Headers#SINK}) from its JSON body. */
    public void apply(Exchange exchange) {
        Message m = exchange.getMessage();
        List<JsonPath> paths = bySink.get(m.getHeader(Headers.SINK, String.class));
        if (paths == null) {
            return;
        }
        m.setBody(drop(m.getBody(String.class), paths));
    }

    /** {@code json} without what {@code paths} match. */
    static String drop(String json, List<JsonPath> paths) {
        DocumentContext doc = JsonPath.using(JSON).parse(json);
        for (JsonPath path : paths) {
            doc.delete(path);
        }
        return doc.jsonString();
    }
}

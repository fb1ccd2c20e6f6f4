package io.routepack.yunojuno.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.SimpleFunction;
import org.apache.camel.spi.SimpleFunctionRegistry;

/**
 * Renders a value that came from a request (svix-id, event_type, ...) for a {@code key=value} log line, so a
 * client cannot shape the log: a value of plain token characters is written as it is, anything else in double
 * quotes with backslash, quote and control characters escaped ({@code x outcome=accepted} becomes
 * {@code "x outcome=accepted"}, a newline {@code \n}). Long values are cut. In routes:
 * {@code ${function(logValue,${header.YunoJunoEventType})}}.
 */
public final class LogValue implements SimpleFunction {

    /** Characters kept from a value; the rest is counted, not written. */
    static final int MAX_CHARS = 200;

    @Override
    public String getName() {
        return "logValue";
    }

    @Override
    public boolean allowNull() {
        return true;
    }

    @Override
    public Object apply(Exchange exchange, Object input) {
        return of(input == null ? null : input.toString());
    }

    /** Makes {@code ${function(logValue,...)}} available to the routes of {@code context}. */
    public static void register(CamelContext context) {
        context.getCamelContextExtension().getContextPlugin(SimpleFunctionRegistry.class).addFunction(new LogValue());
    }

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        boolean plain = !value.isEmpty() && value.length() <= MAX_CHARS;
        for (int i = 0; plain && i < value.length(); i++) {
            plain = isPlain(value.charAt(i));
        }
        if (plain) {
            return value;
        }
        int kept = Math.min(value.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(kept + 16).append('"');
        for (int i = 0; i < kept; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (value.length() > kept) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@' || c == '+';
    }
}

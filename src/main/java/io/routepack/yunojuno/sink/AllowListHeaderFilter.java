package io.routepack.yunojuno.sink;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * For HTTP sinks: only the listed headers go out (the pack's own YunoJuno* and Camel* headers stay
 * inside), and no response header comes back onto the exchange.
 */
public final class AllowListHeaderFilter implements HeaderFilterStrategy {

    private Set<String> allowed = Set.of();

    /** Comma-separated header names, any case. */
    public void setAllowed(String names) {
        allowed = Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowed.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}

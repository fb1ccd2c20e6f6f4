package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Drops every header but the pack's own ({@code YunoJuno*}, any case) once a request is verified, so no
 * credential, signature or other inbound HTTP header travels on to the inbox, dispatch or a sink.
 * The same as {@code removeHeaders} with an exclude pattern, without its regular expression per header
 * and request.
 */
public final class OwnHeadersOnly implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !isOwn(name));
    }

    static boolean isOwn(String name) {
        return name.regionMatches(true, 0, Headers.PREFIX, 0, Headers.PREFIX.length());
    }
}

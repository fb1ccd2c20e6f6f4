package io.routepack.yunojuno.admin;

import io.routepack.yunojuno.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Guards the admin API: the request must carry {@code Authorization: Bearer <admin.token>}. The admin
 * routes do not exist at all while {@code admin.token} is empty.
 */
public final class AdminTokenCheck implements Processor {

    private byte[] expected = new byte[0];

    @Override
    public void process(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        if (expected.length == 0 || !MessageDigest.isEqual(presented, expected)) {
            throw new RequestRejectedException(401, "unauthorized", "admin token missing or wrong");
        }
        exchange.getMessage().removeHeader("Authorization");
    }

    public void setToken(String token) {
        this.expected = token == null || token.isBlank() ? new byte[0]
                : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    }
}

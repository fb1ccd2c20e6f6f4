package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The optional endpoint credential YunoJuno sends with every delivery: either a custom header with a
 * token (YunoJuno's recommended way) or HTTP Basic. With neither configured it lets everything through
 * to the signature check, which always runs.
 */
public final class EndpointCredentialCheck implements Processor {

    private String header = "";
    private String token = "";
    private String username = "";
    private String password = "";

    @Override
    public void process(Exchange exchange) {
        if (!token.isEmpty()) {
            String presented = exchange.getMessage().getHeader(header, String.class);
            if (!equalsConstantTime(presented, token)) {
                throw new RequestRejectedException(401, "unauthorized", "endpoint credential missing or wrong");
            }
        }
        if (!username.isEmpty()) {
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            String presented = exchange.getMessage().getHeader("Authorization", String.class);
            if (!equalsConstantTime(presented, expected)) {
                throw new RequestRejectedException(401, "unauthorized", "endpoint credential missing or wrong");
            }
        }
    }

    private static boolean equalsConstantTime(String presented, String expected) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.strip().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    public void setHeader(String header) {
        this.header = header == null ? "" : header.strip();
    }

    public void setToken(String token) {
        this.token = token == null ? "" : token.strip();
    }

    public void setUsername(String username) {
        this.username = username == null ? "" : username.strip();
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    /** Called once the properties are set: a token without a header name is a configuration mistake. */
    public void validate() {
        if (!token.isEmpty() && header.isEmpty()) {
            throw new IllegalArgumentException(
                    "yunojuno.webhook.auth.token is set but yunojuno.webhook.auth.header is empty: name the header YunoJuno sends the token in");
        }
        if (username.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException(
                    "set both yunojuno.webhook.auth.username and yunojuno.webhook.auth.password, or neither");
        }
    }
}

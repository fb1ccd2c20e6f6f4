package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.Headers;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Checks the Svix signature of the raw request body, before anything parses it. Accepts the
 * {@code svix-*} and the Standard Webhooks {@code webhook-*} header names, in any case. On success the
 * body is left as the exact bytes received and {@link Headers#MESSAGE_ID} is set.
 */
public final class SignatureCheck implements Processor {

    private String secrets = "";
    private long toleranceSeconds = 300;
    private Clock clock = Clock.systemUTC();
    private volatile SvixSignatureVerifier verifier;

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String id = header(in, "id");
        try {
            verifier().verify(id, header(in, "timestamp"), header(in, "signature"), body);
        } catch (SignatureVerificationException e) {
            throw new RequestRejectedException(401, e.reason(), e.getMessage());
        }
        in.setHeader(Headers.MESSAGE_ID, id.strip());
        in.setBody(body);
    }

    private static String header(Message in, String name) {
        // Camel's header map is case-insensitive, so Svix-Id and svix-id are the same header.
        String svix = in.getHeader("svix-" + name, String.class);
        return svix != null ? svix : in.getHeader("webhook-" + name, String.class);
    }

    private SvixSignatureVerifier verifier() {
        SvixSignatureVerifier v = verifier;
        if (v == null) {
            v = validate();
        }
        return v;
    }

    /** Builds the verifier, failing start-up with a message that names the property to set. */
    public synchronized SvixSignatureVerifier validate() {
        if (verifier == null) {
            if (secrets == null || secrets.isBlank()) {
                throw new IllegalArgumentException("yunojuno.webhook.secrets is not set: set it (or the environment variable "
                        + "YUNOJUNO_WEBHOOK_SECRETS) to the endpoint's whsec_... signing secret from the YunoJuno portal; "
                        + "during a rotation list both, comma-separated");
            }
            try {
                verifier = new SvixSignatureVerifier(Arrays.asList(secrets.split(",")),
                        Duration.ofSeconds(toleranceSeconds), clock);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("yunojuno.webhook.secrets: " + e.getMessage(), e);
            }
        }
        return verifier;
    }

    public void setSecrets(String secrets) {
        this.secrets = secrets;
        this.verifier = null;
    }

    public void setToleranceSeconds(long toleranceSeconds) {
        this.toleranceSeconds = toleranceSeconds;
        this.verifier = null;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
        this.verifier = null;
    }
}

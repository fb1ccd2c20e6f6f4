package io.routepack.yunojuno.ingress;

/**
 * A webhook whose Svix signature cannot be trusted. The message is a short reason that is safe to
 * send back to the caller and to log: it never contains a secret, a signature or the body.
 */
public final class SignatureVerificationException extends Exception {

    private final String reason;

    public SignatureVerificationException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A stable machine-readable code, e.g. {@code stale_timestamp}, used in the 401 body and in metrics. */
    public String reason() {
        return reason;
    }
}

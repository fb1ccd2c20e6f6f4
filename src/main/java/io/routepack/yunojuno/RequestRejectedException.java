package io.routepack.yunojuno;

/**
 * A request the pack refuses with a client error: a webhook before anything is stored, or an admin call.
 * Carries the HTTP status and a short, stable reason code that is safe to return and to log (never a secret, a signature or the body).
 */
public final class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String reason;

    public RequestRejectedException(int status, String reason, String message) {
        super(message, null, false, false); // no stack trace: rejections are expected, not bugs
        this.status = status;
        this.reason = reason;
    }

    public int getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }
}

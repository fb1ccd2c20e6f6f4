package io.routepack.yunojuno.ingress;

/**
 * A request the ingress refuses before anything is stored. Carries the HTTP status and a short,
 * stable reason code that is safe to return and to log (never a secret, a signature or the body).
 */
public final class WebhookRejectedException extends RuntimeException {

    private final int status;
    private final String reason;

    public WebhookRejectedException(int status, String reason, String message) {
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

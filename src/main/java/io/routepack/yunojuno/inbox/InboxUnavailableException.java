package io.routepack.yunojuno.inbox;

/** The inbox could not be written: the caller must not be told the event is stored (answer 503). */
public final class InboxUnavailableException extends RuntimeException {

    public InboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

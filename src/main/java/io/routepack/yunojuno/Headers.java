package io.routepack.yunojuno;

/** Names of the exchange headers the pack's routes share. Routes meet on these, never on HTTP headers. */
public final class Headers {

    /** Every header of the pack's own starts with this. */
    public static final String PREFIX = "YunoJuno";

    public static final String MESSAGE_ID = "YunoJunoMessageId";
    public static final String EVENT_TYPE = "YunoJunoEventType";
    public static final String MODE = "YunoJunoMode";
    public static final String API_VERSION = "YunoJunoApiVersion";
    public static final String RECEIVED_AT = "YunoJunoReceivedAt";
    /** {@code stored} or {@code duplicate}, set by the inbox. */
    public static final String INBOX_OUTCOME = "YunoJunoInboxOutcome";
    /** Comma-separated sink names a family route fans an event out to. */
    public static final String SINKS = "YunoJunoSinks";
    /** The one sink a delivery is for. */
    public static final String SINK = "YunoJunoSink";
    /** What a delivery attempt ended as: delivered, retrying or dead. */
    public static final String DELIVERY_STATUS = "YunoJunoDeliveryStatus";
    /** How many attempts this delivery has had before this one. */
    public static final String ATTEMPT = "YunoJunoAttempt";
    /** What a webhook request's answer said: accepted, duplicate, rejected or unavailable. */
    public static final String OUTCOME = "YunoJunoOutcome";
    /** How long a request or a delivery took, in milliseconds, for its log line. */
    public static final String DURATION_MS = "YunoJunoDurationMs";

    private Headers() {
    }
}

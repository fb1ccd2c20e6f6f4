package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.Headers;
import java.time.Instant;
import org.apache.camel.Message;

/** One stored webhook as the inbox holds it. */
public record InboxEvent(String messageId, String eventType, String mode, String apiVersion, String body,
                         Instant receivedAt) {

    /** Puts this event on a message the way the ingress hands it on: body = the JSON, envelope in headers. */
    public void writeTo(Message m) {
        m.setHeader(Headers.MESSAGE_ID, messageId);
        m.setHeader(Headers.EVENT_TYPE, eventType);
        m.setHeader(Headers.MODE, mode);
        m.setHeader(Headers.API_VERSION, apiVersion);
        m.setHeader(Headers.RECEIVED_AT, receivedAt);
        m.setBody(body);
    }
}

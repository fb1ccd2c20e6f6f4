package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.Headers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.camel.Message;

/** One stored webhook as the inbox holds it. */
public record InboxEvent(String messageId, String eventType, String mode, String apiVersion, String body,
                         Instant receivedAt) {

    /** The event on a message (envelope in headers, body = the JSON), received at the given time. */
    public static InboxEvent from(Message m, Instant receivedAt) {
        return new InboxEvent(m.getHeader(Headers.MESSAGE_ID, String.class), m.getHeader(Headers.EVENT_TYPE, String.class),
                m.getHeader(Headers.MODE, String.class), m.getHeader(Headers.API_VERSION, String.class),
                m.getBody(String.class), receivedAt);
    }

    /** The event in the current row of a query over {@code webhook_inbox} (its columns by name). */
    public static InboxEvent from(ResultSet rs) throws SQLException {
        return new InboxEvent(rs.getString("message_id"), rs.getString("event_type"), rs.getString("mode"),
                rs.getString("api_version"), rs.getString("body"), rs.getTimestamp("received_at").toInstant());
    }

    /** Puts this event on a message the way the ingress hands it on: body = the JSON, envelope in headers. */
    public void writeTo(Message m) {
        m.setHeader(Headers.MESSAGE_ID, messageId);
        m.setHeader(Headers.EVENT_TYPE, eventType);
        m.setHeader(Headers.MODE, mode);
        m.setHeader(Headers.API_VERSION, apiVersion);
        m.setHeader(Headers.RECEIVED_AT, receivedAt);
        m.setBody(body);
    }

    /** The event without its body, which holds personal data (emails, dates of birth): safe to log. */
    @Override
    public String toString() {
        return "InboxEvent[messageId=" + messageId + ", eventType=" + eventType + ", receivedAt=" + receivedAt
                + ", body=" + (body == null ? "null" : body.length() + " chars") + "]";
    }
}

package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.RequestRejectedException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.routepack.yunojuno.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads the envelope of a verified webhook ({@code event_type}, {@code mode}, {@code api_version})
 * into headers, and turns the raw bytes into the UTF-8 JSON text that is stored. Streams the top level
 * only, so a large {@code data} object costs one pass and no tree. Rejects with 400 what is not a JSON
 * object with an {@code event_type}, what is not strict UTF-8 JSON text (RFC 8259: no BOM, no UTF-16 or
 * UTF-32, no invalid sequences, no escaped NUL, which no database text column can hold), and envelope
 * values longer than the inbox columns that hold them.
 */
public final class EnvelopeReader implements Processor {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Longest values the inbox columns hold (webhook_inbox: message_id, event_type, mode, api_version). */
    static final int MAX_MESSAGE_ID = 255;
    static final int MAX_EVENT_TYPE = 255;
    static final int MAX_MODE = 32;
    static final int MAX_API_VERSION = 64;

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        checkLength("svix-id", in.getHeader(Headers.MESSAGE_ID, String.class), MAX_MESSAGE_ID);
        String text = strictUtf8(body);
        String eventType = null;
        String mode = null;
        String apiVersion = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event_type" -> eventType = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "mode" -> mode = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "api_version" -> apiVersion = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("body is not a single JSON object");
            }
        } catch (IOException e) {
            throw malformed("body is not valid JSON");
        }
        if (eventType == null || eventType.isBlank()) {
            throw new RequestRejectedException(400, "missing_event_type", "body has no event_type");
        }
        checkLength("event_type", eventType, MAX_EVENT_TYPE);
        checkLength("mode", mode, MAX_MODE);
        checkLength("api_version", apiVersion, MAX_API_VERSION);
        in.setHeader(Headers.EVENT_TYPE, eventType);
        in.setHeader(Headers.MODE, mode);
        in.setHeader(Headers.API_VERSION, apiVersion);
        // Strictly decoded, so this text is the body byte for byte.
        in.setBody(text);
    }

    /** The body as text, or a 400 when it is not UTF-8 that a JSON text may be. */
    static String strictUtf8(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            throw invalidEncoding("body starts with a byte order mark; JSON is UTF-8 without one");
        }
        for (byte b : body) {
            // Never in UTF-8 JSON text (control characters must be escaped), always in UTF-16 or UTF-32 JSON.
            if (b == 0) {
                throw invalidEncoding("body contains NUL bytes; UTF-16 and UTF-32 are not accepted, JSON is UTF-8");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalidEncoding("body is not valid UTF-8");
        }
        if (hasEscapedNul(text)) {
            throw invalidEncoding("a JSON string holds the NUL character, which no text column can store");
        }
        return text;
    }

    /** A backslash-u0000 escape, not an escaped backslash followed by the text "u0000". */
    static boolean hasEscapedNul(String text) {
        for (int i = text.indexOf("u0000"); i > 0; i = text.indexOf("u0000", i + 1)) {
            int backslashes = 0;
            for (int j = i - 1; j >= 0 && text.charAt(j) == '\\'; j--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                return true;
            }
        }
        return false;
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new RequestRejectedException(400, "field_too_long",
                    field + " is longer than " + max + " characters");
        }
    }

    private static RequestRejectedException invalidEncoding(String message) {
        return new RequestRejectedException(400, "invalid_encoding", message);
    }

    private static RequestRejectedException malformed(String message) {
        return new RequestRejectedException(400, "malformed_json", message);
    }
}

package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.RequestRejectedException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.routepack.yunojuno.Headers;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads the envelope of a verified webhook ({@code event_type}, {@code mode}, {@code api_version})
 * into headers, and turns the raw bytes into the UTF-8 JSON text that is stored. Streams the top level
 * only, so a large {@code data} object costs one pass and no tree. Rejects with 400 what is not a JSON
 * object with an {@code event_type}.
 */
public final class EnvelopeReader implements Processor {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
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
        in.setHeader(Headers.EVENT_TYPE, eventType);
        in.setHeader(Headers.MODE, mode);
        in.setHeader(Headers.API_VERSION, apiVersion);
        // Valid JSON is valid UTF-8, so this text is the body byte for byte.
        in.setBody(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static RequestRejectedException malformed(String message) {
        return new RequestRejectedException(400, "malformed_json", message);
    }
}

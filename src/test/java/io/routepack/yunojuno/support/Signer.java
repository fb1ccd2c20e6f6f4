package io.routepack.yunojuno.support;

import com.svix.Webhook;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Signs like YunoJuno does, with Svix's own library: an independent check of our verifier. */
public final class Signer {

    private Signer() {
    }

    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** svix-id, svix-timestamp (now) and svix-signature headers for {@code body}. */
    public static Map<String, String> headers(String secret, String messageId, byte[] body) {
        return headers(secret, messageId, System.currentTimeMillis() / 1000, body);
    }

    public static Map<String, String> headers(String secret, String messageId, long timestamp, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("svix-id", messageId);
        h.put("svix-timestamp", String.valueOf(timestamp));
        h.put("svix-signature", sign(secret, messageId, timestamp, body));
        return h;
    }

    public static String sign(String secret, String messageId, long timestamp, byte[] body) {
        try {
            return new Webhook(secret).sign(messageId, timestamp, new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

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

    /**
     * Headers for bytes that need not be UTF-8 text (Svix's library signs a String): the same scheme, HMAC-SHA256
     * over {@code id.timestamp.} and the exact bytes, computed here.
     */
    public static Map<String, String> headersForBytes(String secret, String messageId, byte[] body) {
        long timestamp = System.currentTimeMillis() / 1000;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("svix-id", messageId);
        h.put("svix-timestamp", String.valueOf(timestamp));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            h.put("svix-signature", "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(body)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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

package io.routepack.yunojuno.ingress;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the Svix ("v1", HMAC-SHA256) signature of a webhook over its raw body bytes.
 *
 * <p>Signed content is {@code {id}.{timestamp}.{body}}; the key is the base64 after {@code whsec_}.
 * Several secrets may be held at once so an endpoint secret can be rotated without downtime, and
 * the signature header may carry several space-separated entries: any {@code v1} entry matching any
 * secret is enough; other versions are ignored. Thread-safe.
 */
public final class SvixSignatureVerifier {

    private static final String SECRET_PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * @param secrets   one or more endpoint secrets ({@code whsec_…}, or the bare base64)
     * @param tolerance how far the signed timestamp may be from now, either way
     * @param clock     the clock the timestamp is checked against
     * @throws IllegalArgumentException if no secret is given or one is not valid base64
     */
    public SvixSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        List<SecretKeySpec> parsed = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            String b64 = secret.strip();
            if (b64.startsWith(SECRET_PREFIX)) {
                b64 = b64.substring(SECRET_PREFIX.length());
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                // Never echo the secret itself.
                throw new IllegalArgumentException("a webhook signing secret is not valid base64 (expected whsec_<base64>)");
            }
            if (key.length == 0) {
                throw new IllegalArgumentException("a webhook signing secret is empty");
            }
            parsed.add(new SecretKeySpec(key, ALGORITHM));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no webhook signing secret configured");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("timestamp tolerance must not be negative");
        }
        this.keys = List.copyOf(parsed);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Checks one delivery.
     *
     * @param id        the {@code svix-id} header
     * @param timestamp the {@code svix-timestamp} header (Unix seconds)
     * @param signature the {@code svix-signature} header
     * @param body      the raw request body, exactly as received
     * @throws SignatureVerificationException with a distinct reason per failure
     */
    public void verify(String id, String timestamp, String signature, byte[] body) throws SignatureVerificationException {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
            throw new SignatureVerificationException("missing_headers",
                    "svix-id, svix-timestamp and svix-signature headers are required");
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new SignatureVerificationException("invalid_timestamp", "svix-timestamp is not a number");
        }
        long now = clock.instant().getEpochSecond();
        if (signedAt < now - tolerance.getSeconds()) {
            throw new SignatureVerificationException("stale_timestamp", "svix-timestamp is too old");
        }
        if (signedAt > now + tolerance.getSeconds()) {
            throw new SignatureVerificationException("future_timestamp", "svix-timestamp is too far in the future");
        }

        List<byte[]> candidates = v1Signatures(signature);
        if (candidates.isEmpty()) {
            throw new SignatureVerificationException("no_v1_signature", "svix-signature has no v1 signature");
        }
        byte[] prefix = (id.strip() + "." + timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8);
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, prefix, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw new SignatureVerificationException("signature_mismatch", "no signature matches");
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
        }
    }

    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> out = new ArrayList<>();
        for (String entry : header.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue; // v2, v1a (asymmetric) and malformed entries do not count
            }
            try {
                out.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException ignored) {
                // a garbled entry is just not a match
            }
        }
        return out;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

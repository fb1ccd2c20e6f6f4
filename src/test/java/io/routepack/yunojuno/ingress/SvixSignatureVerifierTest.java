package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.support.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SvixSignatureVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OTHER_SECRET = "whsec_aRKaOnqpwpkpvHHqlIc4NoPPL8rmVpBPH3QUztFN+Aw=";
    private static final long NOW = 1_756_800_000L;
    private static final byte[] BODY = "{\"event_type\":\"client.contract.accepted\"}".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> vectors() throws IOException {
        try (InputStream in = SvixSignatureVerifierTest.class.getResourceAsStream("/signature-vectors.json")) {
            JsonNode all = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            for (JsonNode v : all) {
                out.add(Arguments.of(v.get("note").asText().replaceAll("\\s+", " ").substring(0, 60), v));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signatureVectors(String name, JsonNode v) throws Exception {
        long ts = Long.parseLong(v.get("timestamp").asText());
        SvixSignatureVerifier verifier = new SvixSignatureVerifier(List.of(v.get("secret").asText()), Duration.ofMinutes(5),
                clockAt(ts));
        byte[] payload = v.get("payload").asText().getBytes(StandardCharsets.UTF_8);
        String header = v.get("expected_signature_header").asText();
        if (v.get("valid").asBoolean()) {
            assertDoesNotThrow(() -> verifier.verify(v.get("msg_id").asText(), v.get("timestamp").asText(), header, payload));
        } else {
            SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                    () -> verifier.verify(v.get("msg_id").asText(), v.get("timestamp").asText(), header, payload));
            assertTrue(List.of("signature_mismatch", "no_v1_signature").contains(e.reason()), e.reason());
        }
    }

    @Test
    void acceptsWhatSvixLibrarySigns() {
        String sig = Signer.sign(SECRET, "msg_1", NOW, BODY);
        assertDoesNotThrow(() -> verifierAt(NOW, SECRET).verify("msg_1", String.valueOf(NOW), sig, BODY));
    }

    @Test
    void rejectsStaleTimestamp() {
        long ts = NOW - 301;
        String sig = Signer.sign(SECRET, "msg_1", ts, BODY);
        assertEquals("stale_timestamp", reason(verifierAt(NOW, SECRET), "msg_1", String.valueOf(ts), sig, BODY));
    }

    @Test
    void acceptsTimestampAtTheEdgeOfTolerance() {
        long ts = NOW - 300;
        String sig = Signer.sign(SECRET, "msg_1", ts, BODY);
        assertDoesNotThrow(() -> verifierAt(NOW, SECRET).verify("msg_1", String.valueOf(ts), sig, BODY));
    }

    @Test
    void rejectsFutureTimestamp() {
        long ts = NOW + 301;
        String sig = Signer.sign(SECRET, "msg_1", ts, BODY);
        assertEquals("future_timestamp", reason(verifierAt(NOW, SECRET), "msg_1", String.valueOf(ts), sig, BODY));
    }

    @Test
    void rejectsNonNumericTimestamp() {
        assertEquals("invalid_timestamp", reason(verifierAt(NOW, SECRET), "msg_1", "yesterday", "v1,abc", BODY));
    }

    @Test
    void rejectsMissingHeaders() {
        SvixSignatureVerifier verifier = verifierAt(NOW, SECRET);
        String sig = Signer.sign(SECRET, "msg_1", NOW, BODY);
        assertEquals("missing_headers", reason(verifier, null, String.valueOf(NOW), sig, BODY));
        assertEquals("missing_headers", reason(verifier, "msg_1", null, sig, BODY));
        assertEquals("missing_headers", reason(verifier, "msg_1", String.valueOf(NOW), "", BODY));
    }

    @Test
    void ignoresUnknownVersions() {
        String good = Signer.sign(SECRET, "msg_1", NOW, BODY).substring(3);
        assertEquals("no_v1_signature",
                reason(verifierAt(NOW, SECRET), "msg_1", String.valueOf(NOW), "v2," + good + " v1a," + good, BODY));
    }

    @Test
    void rejectsTamperedBody() {
        String sig = Signer.sign(SECRET, "msg_1", NOW, BODY);
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        assertEquals("signature_mismatch", reason(verifierAt(NOW, SECRET), "msg_1", String.valueOf(NOW), sig, tampered));
    }

    @Test
    void rotationAcceptsEitherSecretWhenBothAreHeld() {
        SvixSignatureVerifier verifier = new SvixSignatureVerifier(List.of(OTHER_SECRET, SECRET), Duration.ofMinutes(5), clockAt(NOW));
        for (String secret : List.of(SECRET, OTHER_SECRET)) {
            String sig = Signer.sign(secret, "msg_1", NOW, BODY);
            assertDoesNotThrow(() -> verifier.verify("msg_1", String.valueOf(NOW), sig, BODY));
        }
    }

    @Test
    void rotationHeaderWithTwoSignaturesMatchesTheOneSecretHeld() {
        String header = Signer.sign(OTHER_SECRET, "msg_1", NOW, BODY) + " " + Signer.sign(SECRET, "msg_1", NOW, BODY);
        assertDoesNotThrow(() -> verifierAt(NOW, SECRET).verify("msg_1", String.valueOf(NOW), header, BODY));
    }

    @Test
    void refusesToBeBuiltWithoutASecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SvixSignatureVerifier(List.of(" ", ""), Duration.ofMinutes(5), Clock.systemUTC()));
        assertEquals("no webhook signing secret configured", e.getMessage());
    }

    @Test
    void badSecretMessageDoesNotEchoTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SvixSignatureVerifier(List.of("whsec_not*base64!"), Duration.ofMinutes(5), Clock.systemUTC()));
        assertTrue(!e.getMessage().contains("not*base64"), e.getMessage());
    }

    private static String reason(SvixSignatureVerifier v, String id, String ts, String sig, byte[] body) {
        return assertThrows(SignatureVerificationException.class, () -> v.verify(id, ts, sig, body)).reason();
    }

    private static SvixSignatureVerifier verifierAt(long epochSecond, String secret) {
        return new SvixSignatureVerifier(List.of(secret), Duration.ofMinutes(5), clockAt(epochSecond));
    }

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}

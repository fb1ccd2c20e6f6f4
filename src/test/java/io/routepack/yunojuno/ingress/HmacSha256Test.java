package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    private static final boolean NATIVE_PLATFORM = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64");

    @Test
    void usesTheNativeProviderOnLinuxX86() throws Exception {
        assumeTrue(NATIVE_PLATFORM, "the native library is built for Linux x86-64 only");
        HmacSha256 hmac = HmacSha256.preferNative();
        assertTrue(hmac.awaitNative(10_000), "native provider did not load");
        assertEquals("AmazonCorrettoCryptoProvider", hmac.providerName());
    }

    @Test
    void jdkOnlyNeverTakesTheNativeProvider() throws Exception {
        HmacSha256 hmac = HmacSha256.jdk();
        assertFalse(hmac.awaitNative(1_000));
        assertEquals(Mac.getInstance("HmacSHA256").getProvider().getName(), hmac.providerName());
    }

    @Test
    void signatureCheckUsesTheJdksHmacWhenNativeIsOff() throws Exception {
        SignatureCheck check = new SignatureCheck();
        check.setSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        check.setNativeHmac(false);
        check.validate();
        assertFalse(check.hmac().awaitNative(1_000));
        assertEquals(Mac.getInstance("HmacSHA256").getProvider().getName(), check.hmac().providerName());
    }

    @Test
    void nativeGivesTheJdksBytes() throws Exception {
        HmacSha256 preferred = HmacSha256.preferNative();
        preferred.awaitNative(10_000);
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 63, 64, 65, 4_600, 1_048_576}) {
            byte[] key = new byte[1 + random.nextInt(64)];
            random.nextBytes(key);
            byte[] prefix = ("msg_" + size + ".1756800000.").getBytes();
            byte[] body = new byte[size];
            random.nextBytes(body);
            SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");

            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(spec);
            jdk.update(prefix);
            byte[] expected = jdk.doFinal(body);

            assertArrayEquals(expected, preferred.compute(spec, prefix, body), "size " + size);
            // The Mac is reused per thread: a second use must not carry state over from the first.
            assertArrayEquals(expected, preferred.compute(spec, prefix, body), "size " + size + ", again");
        }
    }
}

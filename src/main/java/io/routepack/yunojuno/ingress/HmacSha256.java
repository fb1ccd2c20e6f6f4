package io.routepack.yunojuno.ingress;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMAC-SHA256 for the signature check, in native code where it can be.
 * <p>
 * Under the quick JIT the pack runs with ({@code jvm.options}), the JDK computes SHA-256 in plain Java: ~29 µs for a
 * 4 KB event, a tenth of the pack's CPU per request. Amazon Corretto Crypto Provider (AWS-LC) takes ~2.5 µs. Its
 * library is built for Linux on x86-64 only and takes ~0.2 s to load and self-test, so it loads on a thread of its
 * own at start-up and is used from then on; before that, on any other platform, or if it fails its self-tests, the
 * JDK's HMAC is used. Both give the same bytes. Thread-safe: one {@link Mac} per thread.
 */
public final class HmacSha256 {

    static final String ALGORITHM = "HmacSHA256";
    private static final Logger LOG = LoggerFactory.getLogger(HmacSha256.class);

    private final CompletableFuture<Provider> nativeProvider;
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();

    private HmacSha256(CompletableFuture<Provider> nativeProvider) {
        this.nativeProvider = nativeProvider;
    }

    /** The JDK's HMAC only. */
    public static HmacSha256 jdk() {
        return new HmacSha256(CompletableFuture.completedFuture(null));
    }

    /** The native HMAC once it has loaded (in the background, once per JVM), the JDK's until then or if it cannot load. */
    public static HmacSha256 preferNative() {
        return new HmacSha256(NativeLoader.LOADED);
    }

    /** Starts loading the native provider on first use: Camel builds the ingress's beans twice at start-up. */
    private static final class NativeLoader {
        static final CompletableFuture<Provider> LOADED = new CompletableFuture<>();

        static {
            Thread loader = new Thread(() -> {
                try {
                    LOADED.complete(loadNative());
                } finally {
                    LOADED.complete(null); // whatever went wrong: the JDK's, and nobody waits in vain
                }
            }, "hmac-native-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    private static Provider loadNative() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                LOG.info("Signature HMAC: the JDK's (native library not available here: {})", accp.getLoadingError().toString());
                return null;
            }
            accp.assertHealthy(); // runs the provider's known-answer self-tests
            LOG.info("Signature HMAC: Amazon Corretto Crypto Provider {} ({}), native", accp.getVersionStr(), accp.getAwsLcVersionStr());
            return accp;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Signature HMAC: the JDK's (native provider failed to start: {})", e.toString());
            return null;
        }
    }

    /** HMAC-SHA256 of {@code prefix} followed by {@code body}. */
    public byte[] compute(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = mac();
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable or key rejected", e);
        }
    }

    /** The provider computing the HMAC now, e.g. {@code SunJCE} or {@code AmazonCorrettoCryptoProvider}. */
    public String providerName() throws GeneralSecurityException {
        return mac().getProvider().getName();
    }

    /**
     * Waits up to {@code millis} for the native provider to finish loading; returns whether it is in use.
     * For tests and diagnostics: requests never wait for it.
     */
    public boolean awaitNative(long millis) throws InterruptedException, ExecutionException {
        try {
            return nativeProvider.get(millis, TimeUnit.MILLISECONDS) != null;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private Mac mac() throws GeneralSecurityException {
        Provider wanted = nativeProvider.getNow(null);
        Mac mac = macs.get();
        // A thread's Mac is replaced once, when the native provider arrives; looking a provider up per request
        // costs more than the HMAC itself.
        if (mac == null || (wanted != null && mac.getProvider() != wanted)) {
            mac = wanted != null ? Mac.getInstance(ALGORITHM, wanted) : Mac.getInstance(ALGORITHM);
            macs.set(mac);
        }
        return mac;
    }
}

package io.routepack.yunojuno.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates unique, correctly signed events from the sample payloads: each gets a fresh svix-id and
 * svix-timestamp and a Svix v1 signature, base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")) with
 * key = base64-decoded secret after {@code whsec_}. Bodies are the sample files byte for byte.
 */
final class Events {

    /** One sample payload: its bytes (shared by every event made from it) and its event_type. */
    record Sample(String file, String eventType, byte[] bytes, Buffer buffer) {
    }

    /** One signed event ready to post. */
    record Event(String id, String timestamp, String signature, Sample sample) {
    }

    private final List<Sample> samples;
    private final SecretKeySpec key;
    private final String runTag;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    Events(Path samplesDir, String secret) throws IOException {
        List<Sample> loaded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(samplesDir, "*.json")) {
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                String type = new JsonObject(new String(bytes, StandardCharsets.UTF_8)).getString("event_type");
                loaded.add(new Sample(f.getFileName().toString(), type, bytes, Buffer.buffer(bytes)));
            }
        }
        if (loaded.isEmpty()) {
            throw new IllegalStateException("no *.json samples in " + samplesDir);
        }
        loaded.sort((a, b) -> a.file().compareTo(b.file()));
        this.samples = List.copyOf(loaded);
        String b64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        this.key = new SecretKeySpec(Base64.getDecoder().decode(b64), "HmacSHA256");
        this.runTag = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    List<Sample> samples() {
        return samples;
    }

    /**
     * {@code count} new events, cycling through the samples whose event_type starts with
     * {@code typePrefix} ("" for all), all stamped with the current time.
     */
    Event[] generate(int count, String typePrefix) {
        return generate(count, typePrefix, 0);
    }

    /**
     * As {@link #generate(int, String)}; with {@code distinctRecords > 0} the events carry that many distinct sets
     * of record ids (contract, client contact, freelancer, spend requisition), never seen before, instead of the
     * samples' own, so they do not all update the same nine sample contracts, as real traffic would not.
     */
    Event[] generate(int count, String typePrefix, int distinctRecords) {
        List<Sample> pool = samples.stream().filter(s -> s.eventType().startsWith(typePrefix)).toList();
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("no sample has an event_type starting with '" + typePrefix + "'");
        }
        if (distinctRecords > 0) {
            List<Sample> fresh = new ArrayList<>();
            for (int j = 0; j < Math.min(count, distinctRecords); j++) {
                fresh.add(withFreshIds(pool.get(j % pool.size()), records.incrementAndGet()));
            }
            pool = fresh;
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = mac();
        Event[] out = new Event[count];
        for (int i = 0; i < count; i++) {
            Sample s = pool.get(i % pool.size());
            String id = "msg_bench_" + runTag + "_" + sequence.incrementAndGet();
            out[i] = new Event(id, timestamp, "v1," + sign(mac, id, timestamp, s.bytes()), s);
        }
        return out;
    }

    private static final java.util.regex.Pattern RECORD_ID =
            java.util.regex.Pattern.compile("\\b(ct|clct|fp|spreq)_c([a-z0-9]{14})[a-z0-9]{10}\\b");

    /** The sample with each record id's last 10 characters replaced by the event's number (still a valid id). */
    private static Sample withFreshIds(Sample s, long n) {
        String suffix = String.format("%10s", Long.toString(n, 36)).replace(' ', '0');
        String text = RECORD_ID.matcher(new String(s.bytes(), StandardCharsets.UTF_8)).replaceAll("$1_c$2" + suffix);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Sample(s.file(), s.eventType(), bytes, Buffer.buffer(bytes));
    }

    Event one(String typePrefix) {
        return generate(1, typePrefix)[0];
    }

    private String sign(Mac mac, String id, String timestamp, byte[] body) {
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

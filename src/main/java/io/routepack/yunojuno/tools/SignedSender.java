package io.routepack.yunojuno.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a JSON file the way YunoJuno (Svix) does and POSTs it to a running pack: the quickest way to
 * see a 2xx. Usage:
 * <pre>java -cp target/yunojuno-camel-pack.jar io.routepack.yunojuno.tools.SignedSender FILE [URL]</pre>
 * The secret comes from YUNOJUNO_WEBHOOK_SECRETS (the first one), the svix-id is new unless
 * SVIX_ID is set (set it to resend the same message).
 */
public final class SignedSender {

    private SignedSender() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SignedSender FILE [URL]   (secret from YUNOJUNO_WEBHOOK_SECRETS)");
            System.exit(2);
        }
        String secrets = System.getenv("YUNOJUNO_WEBHOOK_SECRETS");
        if (secrets == null || secrets.isBlank()) {
            System.err.println("set YUNOJUNO_WEBHOOK_SECRETS to the secret the pack runs with");
            System.exit(2);
        }
        String url = args.length > 1 ? args[1] : "http://127.0.0.1:8080/webhooks/yunojuno";
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        String id = System.getenv().getOrDefault("SVIX_ID", "msg_" + UUID.randomUUID().toString().replace("-", ""));
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        String signature = "v1," + sign(secrets.split(",")[0].strip(), id, timestamp, body);

        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("svix-id", id)
                .header("svix-timestamp", timestamp)
                .header("svix-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** base64(HMAC-SHA256(base64decode(secret after whsec_), "{id}.{timestamp}.{body}")). */
    static String sign(String secret, String id, String timestamp, byte[] body) throws Exception {
        String b64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(b64), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}

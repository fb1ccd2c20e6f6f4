package io.routepack.yunojuno.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from the Kafka
 * artifacts on the test class path in a child JVM, on a port chosen up front so a test can point the pack at it
 * before it runs. Output goes to target/kafka/<id>.log. If it does not come up, the test is skipped with a
 * message, except under CI (CI=true), where that is a failure.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The one user of the SASL/PLAIN listener, and its password. */
    public static final String SASL_USER = "pack";
    public static final String SASL_PASSWORD = "k4fka-s3cret";
    /** The password of the TLS listener's key store and of {@link #truststore()}. */
    public static final String STORE_PASSWORD = "st0re-pass";

    private final int port = PackRunner.freePort();
    private final int saslPort = PackRunner.freePort();
    private final int tlsPort = PackRunner.freePort();
    private boolean tls;
    private final int controllerPort = PackRunner.freePort();
    private final Path dir = Path.of("target", "kafka", UUID.randomUUID().toString()).toAbsolutePath();
    private Process process;

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The listener that asks for a SASL/PLAIN login ({@link #SASL_USER}), without TLS. */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /**
     * Adds a TLS listener ({@link #tlsBootstrapServers()}) whose self-signed certificate (for 127.0.0.1) only
     * {@link #truststore()} trusts.
     */
    public KafkaBroker withTls() {
        this.tls = true;
        return this;
    }

    public String tlsBootstrapServers() {
        return "127.0.0.1:" + tlsPort;
    }

    /** A JKS trust store holding the TLS listener's certificate; its password is {@link #STORE_PASSWORD}. */
    public Path truststore() {
        return dir.resolve("truststore.jks");
    }

    /** Formats the storage and starts the broker; returns once it answers a metadata request. */
    public KafkaBroker start() {
        try {
            Files.createDirectories(dir);
            String tlsListener = "";
            List<String> tlsSettings = new ArrayList<>();
            if (tls) {
                makeCertificate();
                tlsListener = ",SSL://127.0.0.1:" + tlsPort;
                tlsSettings = List.of("ssl.keystore.type=PKCS12", "ssl.keystore.location=" + dir.resolve("broker.p12"),
                        "ssl.keystore.password=" + STORE_PASSWORD, "ssl.key.password=" + STORE_PASSWORD);
            }
            Path config = dir.resolve("server.properties");
            List<String> lines = new ArrayList<>(List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + tlsListener
                            + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + tlsListener,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms=PLAIN",
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true"));
            lines.addAll(tlsSettings);
            Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()).start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                unavailable("formatting its storage failed");
            }
            process = java("kafka.Kafka", config.toString()).start();
            awaitReady(Duration.ofSeconds(120));
            return this;
        } catch (IOException e) {
            unavailable(e.getMessage());
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        File log = dir.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    }

    /** A key pair and self-signed certificate for 127.0.0.1 (keytool from this JDK), and a trust store holding it. */
    private void makeCertificate() throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", dir.resolve("broker.p12").toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", dir.resolve("broker.p12").toString(),
                "-storepass", STORE_PASSWORD, "-file", dir.resolve("broker.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve("broker.crt").toString(),
                "-storetype", "JKS", "-keystore", truststore().toString(), "-storepass", STORE_PASSWORD);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("keytool.log").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            unavailable("keytool " + args[0] + " failed (see keytool.log)");
        }
    }

    private void awaitReady(Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            unavailable("it did not answer within " + timeout.toSeconds() + " s");
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            unavailable("the broker exited with " + process.exitValue());
        }
        if (!Brokers.listening("127.0.0.1", port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void unavailable(String why) {
        close();
        Brokers.unavailable("Kafka broker from the test class path (" + dir + "): " + why);
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}

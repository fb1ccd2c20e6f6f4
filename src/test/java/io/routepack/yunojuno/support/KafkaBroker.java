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

    private final int port = PackRunner.freePort();
    private final int saslPort = PackRunner.freePort();
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

    /** Formats the storage and starts the broker; returns once it answers a metadata request. */
    public KafkaBroker start() {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                            + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms=PLAIN",
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true", ""), StandardCharsets.UTF_8);
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

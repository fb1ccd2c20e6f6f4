package io.routepack.yunojuno.sink.rabbitmq;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.delivery.Written;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes events to a RabbitMQ topic exchange with publisher confirms: {@link #publish} returns only once the
 * broker has confirmed the message, and throws when it was nacked, returned as unroutable (mandatory), or not
 * confirmed in time, so the delivery ledger retries it. The exchange is declared (durable, topic) on each new
 * connection, so a broker that lost it or a new virtual host works without a manual step.
 */
public final class RabbitPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("yunojuno.sink.rabbitmq");

    private String addresses = "";
    private String username = "guest";
    private String password = "guest";
    private String virtualHost = "/";
    private String exchange = "yunojuno.events";
    private long confirmTimeoutMs = 10_000;
    private int connectionTimeoutMs = 5_000;

    private CachingConnectionFactory connections;
    private RabbitTemplate template;
    private final AtomicBoolean loginRefused = new AtomicBoolean();

    public void setAddresses(String addresses) {
        this.addresses = addresses == null ? "" : addresses.strip();
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setVirtualHost(String virtualHost) {
        this.virtualHost = virtualHost;
    }

    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    public void setConfirmTimeoutMs(long confirmTimeoutMs) {
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    public void setConnectionTimeoutMs(int connectionTimeoutMs) {
        this.connectionTimeoutMs = connectionTimeoutMs;
    }

    /** True once {@code rabbitmq.addresses} is set: the sink's route exists only then. */
    public boolean isEnabled() {
        return !addresses.isEmpty();
    }

    /** Checks the settings and prepares the connection factory; connects lazily, on the first publish. */
    public void start() {
        if (!isEnabled()) {
            return;
        }
        if (exchange == null || exchange.isBlank()) {
            throw new IllegalArgumentException("rabbitmq.exchange is empty: name the exchange to publish to");
        }
        CachingConnectionFactory cf = new CachingConnectionFactory();
        try {
            cf.setAddresses(addresses);
        } catch (RuntimeException e) {
            cf.destroy();
            throw new IllegalArgumentException("rabbitmq.addresses is not a list of host:port: " + addresses);
        }
        cf.setUsername(username);
        cf.setPassword(password);
        cf.setVirtualHost(virtualHost == null || virtualHost.isBlank() ? "/" : virtualHost);
        cf.setConnectionTimeout(connectionTimeoutMs);
        cf.setConnectionNameStrategy(f -> "yunojuno-camel-pack");
        cf.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        cf.setPublisherReturns(true);
        cf.addConnectionListener(connection -> {
            try (var channel = connection.createChannel(false)) {
                channel.exchangeDeclare(exchange, "topic", true);
            } catch (Exception e) {
                LOG.warn("Could not declare exchange {} (rabbitmq.exchange): {}", exchange, e.getMessage());
            }
        });
        RabbitTemplate t = new RabbitTemplate(cf);
        t.setMandatory(true);
        t.setReturnsCallback(returned -> { }); // the return is read from the correlation data in publish
        this.connections = cf;
        this.template = t;
    }

    /**
     * Publishes the exchange's body (the event JSON) with routing key = event type, message id = svix-id, type =
     * event type, persistent, and every {@code ce_*} header as an AMQP header; waits for the broker's confirm.
     */
    public void publish(Exchange camel) throws Exception {
        if (template == null) {
            throw new IllegalStateException("the RabbitMQ sink is off: rabbitmq.addresses is empty");
        }
        org.apache.camel.Message in = camel.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String eventType = in.getHeader(Headers.EVENT_TYPE, String.class);
        MessageProperties p = new MessageProperties();
        p.setMessageId(messageId);
        p.setType(eventType);
        p.setContentType("application/json");
        p.setContentEncoding("utf-8");
        p.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        for (Map.Entry<String, Object> h : in.getHeaders().entrySet()) {
            if (h.getKey().startsWith("ce_")) {
                p.setHeader(h.getKey(), String.valueOf(h.getValue()));
            }
        }
        Message message = new Message(in.getBody(String.class).getBytes(StandardCharsets.UTF_8), p);
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            template.send(exchange, eventType, message, correlation);
        } catch (AmqpAuthenticationException e) {
            if (loginRefused.compareAndSet(false, true)) {
                LOG.error("RabbitMQ refused the login of user '{}': check rabbitmq.username and rabbitmq.password", username);
            }
            throw new RabbitPublishException("RabbitMQ refused the login: check rabbitmq.username and rabbitmq.password");
        }
        loginRefused.set(false);
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(confirmTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RabbitPublishException("no publisher confirm from RabbitMQ within " + confirmTimeoutMs + " ms");
        } catch (ExecutionException e) {
            throw new RabbitPublishException("publisher confirm failed: " + e.getCause());
        }
        if (correlation.getReturned() != null) {
            throw new RabbitPublishException("unroutable: exchange " + exchange + " has no queue bound for routing key "
                    + eventType + " (" + correlation.getReturned().getReplyText() + ")");
        }
        if (!confirm.isAck()) {
            throw new RabbitPublishException("RabbitMQ nacked the message: " + confirm.getReason());
        }
        Written.note(camel, "broker", "rabbitmq");
        Written.note(camel, "exchange", exchange);
        Written.note(camel, "routing_key", eventType);
    }

    @Override
    public void close() {
        if (connections != null) {
            connections.destroy();
        }
    }

    /** A publish that did not end in a confirm: the delivery is retried. */
    public static final class RabbitPublishException extends Exception {

        public RabbitPublishException(String message) {
            super(message);
        }
    }
}

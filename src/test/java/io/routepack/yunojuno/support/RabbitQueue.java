package io.routepack.yunojuno.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test's own topic exchange on the machine's RabbitMQ (127.0.0.1:5672, guest/guest, or YJ_TEST_RABBITMQ_PORT),
 * with a queue bound to it with {@code #}: each test class publishes to an exchange of its own, so tests
 * that share the server never read each other's messages. Both are deleted on close.
 */
public final class RabbitQueue implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("YJ_TEST_RABBITMQ_PORT", "5672"));

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private final String queue;

    private RabbitQueue(Connection connection, Channel channel, String exchange, String queue) {
        this.connection = connection;
        this.channel = channel;
        this.exchange = exchange;
        this.queue = queue;
    }

    /** Skips (or fails under CI) when no RabbitMQ listens; otherwise a fresh exchange and bound queue. */
    public static RabbitQueue create() {
        if (!Brokers.listening(HOST, PORT)) {
            Brokers.unavailable("RabbitMQ at " + HOST + ":" + PORT + " is not reachable (start it: rabbitmq-server -detached)");
        }
        try {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost(HOST);
            f.setPort(PORT);
            Connection c = f.newConnection("yunojuno-test");
            Channel ch = c.createChannel();
            String id = UUID.randomUUID().toString().substring(0, 8);
            String exchange = "yunojuno.events.test-" + id;
            String queue = "yunojuno.test-" + id;
            ch.exchangeDeclare(exchange, "topic", true);
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, exchange, "#");
            return new RabbitQueue(c, ch, exchange, queue);
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ test exchange: " + e.getMessage(), e);
        }
    }

    public String exchange() {
        return exchange;
    }

    /** Takes every message now on the queue (acknowledged). */
    public List<GetResponse> drain() {
        List<GetResponse> out = new ArrayList<>();
        try {
            for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true)) {
                out.add(r);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            channel.queueDelete(queue);
            channel.exchangeDelete(exchange);
            connection.close();
        } catch (Exception e) {
            // the server went away: nothing left to delete
        }
    }
}

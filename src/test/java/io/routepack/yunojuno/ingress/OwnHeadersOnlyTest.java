package io.routepack.yunojuno.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class OwnHeadersOnlyTest {

    @Test
    void keepsOnlyThePacksOwnHeaders() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader("svix-signature", "v1,abc");
            exchange.getMessage().setHeader("Authorization", "Bearer s3cr3t");
            exchange.getMessage().setHeader("CamelHttpUri", "/webhooks/yunojuno");
            exchange.getMessage().setHeader("X-YunoJuno-Forwarded", "no: prefix only counts at the start");
            exchange.getMessage().setHeader("YunoJunoMessageId", "msg_1");
            exchange.getMessage().setHeader("yunojunoEventType", "client.contract.approved");

            new OwnHeadersOnly().process(exchange);

            assertEquals(Set.of("YunoJunoMessageId", "yunojunoEventType"),
                    new TreeSet<>(exchange.getMessage().getHeaders().keySet()));
        }
    }
}

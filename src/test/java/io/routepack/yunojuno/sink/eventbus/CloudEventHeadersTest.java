package io.routepack.yunojuno.sink.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    private static String sample(String name) {
        return new String(Samples.bytes(name), StandardCharsets.UTF_8);
    }

    @Test
    void theKeyIsTheIdOfTheObjectTheEventIsAbout() {
        assertEquals("ct_c5m9rx2wq8tk4vn6bd1hz7jl3", CloudEventHeaders.objectId(sample("client.contract.accepted")));
        assertEquals("ct_c5m9rx2wq8tk4vn6bd1hz7jl3", CloudEventHeaders.objectId(sample("extra/client.contract.custom_fields_updated")));
        assertEquals("clct_c1m8rw4kx7tq2vn9bd5hz3js6", CloudEventHeaders.objectId(sample("client.client_contact.registered")));
        assertEquals(true, CloudEventHeaders.objectId(sample("client.spend_request.approved")).startsWith("spreq_"));
    }

    @Test
    void anEventWithoutAnObjectIdIsKeyedBySvixIdAndHasNoSubject() {
        assertNull(CloudEventHeaders.objectId("{\"event_type\":\"client.other\",\"data\":{\"object\":{}}}"));
        assertNull(CloudEventHeaders.objectId("not json"));
        Exchange exchange = exchange("{\"event_type\":\"client.other\",\"data\":{\"object\":{\"contract_id\":\"\"}}}");
        new CloudEventHeaders().addTo(exchange);
        assertEquals("msg_1", exchange.getMessage().getHeader(CloudEventHeaders.KEY));
        assertFalse(exchange.getMessage().getHeaders().containsKey("ce_subject"));
    }

    @Test
    void attributesFollowTheCloudEventsBinaryMode() {
        Exchange exchange = exchange(sample("client.contract.accepted"));
        CloudEventHeaders ce = new CloudEventHeaders();
        ce.setSource("https://example.com/yunojuno");
        ce.addTo(exchange);
        Map<String, Object> h = exchange.getMessage().getHeaders();
        assertEquals("1.0", h.get("ce_specversion"));
        assertEquals("msg_1", h.get("ce_id"));
        assertEquals("https://example.com/yunojuno", h.get("ce_source"));
        assertEquals("client.contract.accepted", h.get("ce_type"));
        assertEquals("ct_c5m9rx2wq8tk4vn6bd1hz7jl3", h.get("ce_subject"));
        assertEquals("2026-03-01T09:30:00.123Z", h.get("ce_time"));
        assertEquals("ct_c5m9rx2wq8tk4vn6bd1hz7jl3", h.get(CloudEventHeaders.KEY));
        assertEquals(sample("client.contract.accepted"), exchange.getMessage().getBody(String.class), "body untouched");
    }

    private static Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(Headers.MESSAGE_ID, "msg_1");
        exchange.getMessage().setHeader(Headers.EVENT_TYPE, "client.contract.accepted");
        exchange.getMessage().setHeader(Headers.RECEIVED_AT, Instant.parse("2026-03-01T09:30:00.123Z"));
        return exchange;
    }
}

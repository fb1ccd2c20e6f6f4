package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogValueTest {

    @Test
    void plainTokensAreWrittenAsTheyAre() {
        assertEquals("msg_2a9Xk", LogValue.of("msg_2a9Xk"));
        assertEquals("client.contract.accepted", LogValue.of("client.contract.accepted"));
        assertEquals("null", LogValue.of(null));
    }

    @Test
    void anythingElseIsQuotedAndEscaped() {
        assertEquals("\"x outcome=accepted status=202\"", LogValue.of("x outcome=accepted status=202"));
        assertEquals("\"a\\nb\\r\\tc\"", LogValue.of("a\nb\r\tc"));
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", LogValue.of("say \"hi\" \\ bye"));
        assertEquals("\"\\u0000\\u001b\\u2028\"", LogValue.of("\u0000\u001b\u2028"));
        assertEquals("\"\"", LogValue.of(""));
    }

    @Test
    void longValuesAreCut() {
        assertEquals("\"" + "a".repeat(200) + "\"...(5000 chars)", LogValue.of("a".repeat(5000)));
    }
}

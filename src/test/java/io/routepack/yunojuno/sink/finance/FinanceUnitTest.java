package io.routepack.yunojuno.sink.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.financeemail.FinanceMail;
import io.routepack.yunojuno.sink.financesystem.FinanceDocument;
import java.math.BigDecimal;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The pure parts of the finance sinks: money formatting, parsing, auth header. */
class FinanceUnitTest {

    static final Locale UK = Locale.forLanguageTag("en-GB");

    @Test
    void amountsAreFormattedPerCurrencyFromTheDecimalString() {
        assertEquals("GBP 27,500.00", Money.format(new BigDecimal("27500.00"), "GBP", UK));
        assertEquals("GBP 27,500.00", Money.format(new BigDecimal("27500"), "GBP", UK));
        assertEquals("EUR 1,234,567.89", Money.format(new BigDecimal("1234567.89"), "EUR", UK));
        assertEquals("EUR 27.500,00", Money.format(new BigDecimal("27500.00"), "EUR", Locale.GERMANY));
        assertEquals("USD 0.10", Money.format(new BigDecimal("0.1"), "USD", UK));
        // Digits beyond the currency's scale are kept, never rounded away.
        assertEquals("GBP 12.345", Money.format(new BigDecimal("12.345"), "GBP", UK));
        // A value a double cannot hold exactly stays exact.
        assertEquals("GBP 90,071,992,547,409,993.99", Money.format(new BigDecimal("90071992547409993.99"), "GBP", UK));
    }

    @Test
    void parsesTolerantlyAndRefusesWhatCanNeverBeDelivered() {
        SpendRequest s = SpendRequest.parse("{\"event_type\":\"client.spend_request.approved\",\"data\":{\"object\":{"
                + "\"spend_request_id\":\"spreq_x\",\"amount\":\"450.5\",\"currency\":\"CHF\",\"amount_type\":\"DAY_RATE\","
                + "\"external_id\":null,\"approval_flow\":{\"approval_flow_id\":\"apflw_1\",\"current_approval_step\":null},"
                + "\"custom_fields\":[{\"name\":\"n\",\"value\":3}],\"unknown\":true}}}");
        assertEquals("approved", s.action());
        assertEquals(new BigDecimal("450.5"), s.amount());
        assertEquals("", s.externalId());
        assertEquals("apflw_1", s.approvalFlowId());
        assertEquals("", s.currentApprovalStepId());
        assertEquals("3", s.customFields().get(0).value());
        assertEquals("Day rate", FinanceMail.amountTypeLabel(s.amountType()));

        assertThrows(PermanentDeliveryException.class, () -> SpendRequest.parse("not json"));
        assertThrows(PermanentDeliveryException.class, () -> SpendRequest.parse(
                "{\"data\":{\"object\":{\"spend_request_id\":\"spreq_x\",\"amount\":\"1.00\",\"currency\":\"XYZ1\"}}}"));
        assertThrows(PermanentDeliveryException.class, () -> SpendRequest.parse(
                "{\"data\":{\"object\":{\"amount\":\"1.00\",\"currency\":\"GBP\"}}}"));
    }

    @Test
    void authorizationIsBearerElseBasicElseNone() {
        FinanceDocument d = new FinanceDocument();
        assertNull(d.authorization());
        d.setUsername("fin");
        d.setPassword("pa:ss");
        assertEquals("Basic ZmluOnBhOnNz", d.authorization());
        d.setUsername("");
        d.setToken("t0k");
        assertEquals("Bearer t0k", d.authorization());
        d.setUsername("fin");
        assertThrows(IllegalArgumentException.class, d::validate);
        FinanceDocument q = new FinanceDocument();
        q.setUrl("https://erp.test/api?tenant=1");
        assertThrows(IllegalArgumentException.class, q::validate);
        q.setUrl("https://user:pw@erp.test/api");
        assertThrows(IllegalArgumentException.class, q::validate);
        q.setUrl("ftp://erp.test/api");
        assertThrows(IllegalArgumentException.class, q::validate);
        q.setUrl("https://erp.test/api/spend");
        q.validate();
    }
}

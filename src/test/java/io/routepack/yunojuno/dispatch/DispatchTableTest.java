package io.routepack.yunojuno.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dispatch.sinks mapping: its grammar, how rules combine, unrouted types, and the mistakes it reports. */
class DispatchTableTest {

    static final String SHIPPED = "client.client_contact.* = hris; client.contract.* = hris;"
            + " client.contract.accepted, client.contract.notice_served, client.contract.cancelled = hr-email;"
            + " client.spend_request.approved = finance-email, finance-system";

    @Test
    void familiesAndExactTypesAddTheirSinksInRuleOrderEachOnce() {
        DispatchTable table = DispatchTable.parse(SHIPPED);
        assertEquals("hris", table.sinksFor("client.client_contact.registered"));
        assertEquals("hris", table.sinksFor("client.contract.offered"));
        assertEquals("hris,hr-email", table.sinksFor("client.contract.accepted"));
        assertEquals("finance-email,finance-system", table.sinksFor("client.spend_request.approved"));
        assertEquals(Set.of("hris", "hr-email", "finance-email", "finance-system"), table.sinks());
        assertEquals("a,b", DispatchTable.parse("client.contract.accepted = a, b; client.contract.* = b, a").sinksFor("client.contract.accepted"));
    }

    @Test
    void catalogueTypesWithoutARuleGoToNoSinkOtherTypesAreUnrouted() {
        DispatchTable table = DispatchTable.parse(SHIPPED);
        assertEquals("", table.sinksFor("client.spend_request.created"));
        assertNull(table.sinksFor("client.timesheet.approved"));
        assertNull(table.sinksFor("client.contract.renamed"), "a family does not route types outside the catalogue");
        assertNull(table.sinksFor(null));
        assertEquals("crm", DispatchTable.parse("client.timesheet.approved = crm").sinksFor("client.timesheet.approved"),
                "a type named exactly is routed");
        assertEquals("", DispatchTable.parse("").sinksFor("client.contract.accepted"));
    }

    @Test
    void whitespaceNewlinesAndEmptyRulesAreAllowed() {
        DispatchTable table = DispatchTable.parse("\n  client.contract.* =hris ;; client.spend_request.created,client.spend_request.updated= ;\n");
        assertEquals("hris", table.sinksFor("client.contract.deleted"));
        assertEquals("", table.sinksFor("client.spend_request.updated"));
    }

    @Test
    void aSinkThatIsOffIsLeftOut() {
        DispatchTable table = DispatchTable.parse(SHIPPED);
        table.switchOff(Set.of("hr-email"));
        assertEquals("hris", table.sinksFor("client.contract.accepted"));
    }

    @Test
    void unknownSinksAreNamedWithTheKey() {
        DispatchTable table = DispatchTable.parse("client.contract.* = hirs, hris");
        assertEquals(List.of("dispatch.sinks names unknown sink \"hirs\" (no route reads direct:sink-hirs)"),
                table.unknownSinks(Set.of("hris", "finance-email")));
        assertEquals(List.of(), DispatchTable.parse(SHIPPED).unknownSinks(Set.of("hris", "hr-email", "finance-email", "finance-system")));
    }

    @Test
    void mistakesInTheMappingNameTheKey() {
        assertEquals("dispatch.sinks: \"client.contract.* hris\" has no '=' between event types and sinks",
                message("client.contract.* hris"));
        assertEquals("dispatch.sinks: \"= hris\" names no event type", message(" = hris; "));
        assertEquals("dispatch.sinks: \"Finance_Email\" is not a sink name (lower case letters, digits and dashes)",
                message("client.spend_request.approved = Finance_Email"));
        assertEquals("dispatch.sinks: client.contracts.* matches no YunoJuno event type", message("client.contracts.* = hris"));
        assertEquals("dispatch.sinks: \"client.*.accepted\" is neither an event type nor a family such as client.contract.*",
                message("client.*.accepted = hris"));
    }

    private static String message(String mapping) {
        return assertThrows(IllegalArgumentException.class, () -> DispatchTable.parse(mapping)).getMessage();
    }
}

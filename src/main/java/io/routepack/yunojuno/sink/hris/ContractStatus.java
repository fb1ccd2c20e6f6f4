package io.routepack.yunojuno.sink.hris;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Contract lifecycle order, so a late event never moves a contract back. Payloads carry no state:
 * the status is the event's action in upper case ({@code client.contract.offered} -> {@code OFFERED}).
 */
final class ContractStatus {

    static final String DELETED = "DELETED";

    /** The path a contract moves along; a higher rank is later. */
    private static final Map<String, Integer> RANK = Map.of(
            "APPROVED", 1, "OFFERED", 2, "ACCEPTED", 3, "NOTICE_SERVED", 4, "COMPLETED", 5);

    /** Statuses nothing reopens. */
    private static final Set<String> TERMINAL = Set.of("REVOKED", "CANCELLED", "COMPLETED", DELETED);

    private ContractStatus() {
    }

    static String of(String action) {
        return action.toUpperCase(Locale.ROOT);
    }

    /**
     * Whether a contract that is {@code stored} (null: no record yet) takes an event that says
     * {@code incoming}. The same status always may (a newer snapshot); {@code DELETED} is final and
     * ends any other status; other terminal statuses are never left; a terminal status ends any open
     * one; along the path only forward moves count. Statuses the pack does not know are not ranked,
     * so they are taken as they come.
     */
    static boolean takes(String stored, String incoming) {
        if (stored == null || stored.equals(incoming)) {
            return true;
        }
        if (DELETED.equals(stored)) {
            return false;
        }
        if (DELETED.equals(incoming)) {
            return true;
        }
        if (TERMINAL.contains(stored)) {
            return false;
        }
        if (TERMINAL.contains(incoming)) {
            return true;
        }
        Integer was = RANK.get(stored);
        Integer now = RANK.get(incoming);
        return was == null || now == null || now >= was;
    }
}

package io.routepack.yunojuno.dispatch;

import java.util.Set;

/**
 * The event types YunoJuno sends (its webhook catalogue, plus contract custom field changes). These are
 * always routed, even to no sink; any other type is kept in the inbox as unrouted unless the dispatch
 * mapping names it exactly.
 */
public final class EventCatalogue {

    public static final Set<String> TYPES = Set.of(
            "client.client_contact.created",
            "client.client_contact.registered",
            "client.client_contact.onboarding_completed",
            "client.client_contact.custom_fields_updated",
            "client.contract.approved",
            "client.contract.offered",
            "client.contract.revoked",
            "client.contract.accepted",
            "client.contract.cancelled",
            "client.contract.notice_served",
            "client.contract.completed",
            "client.contract.deleted",
            "client.contract.custom_fields_updated",
            "client.spend_request.created",
            "client.spend_request.updated",
            "client.spend_request.approved");

    private EventCatalogue() {
    }
}

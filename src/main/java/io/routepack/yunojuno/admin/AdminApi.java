package io.routepack.yunojuno.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.PersonalDataMask;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.delivery.DeliveryRecord;
import io.routepack.yunojuno.delivery.DeliveryStatus;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.inbox.InboxStatus;
import io.routepack.yunojuno.inbox.StoredEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the operator can see and do through the admin API: list and show events with their deliveries,
 * and replay a delivery, an event, or every dead delivery of a sink. A replay only puts deliveries back
 * to {@code pending} in the ledger; the delivery poller runs them, and sinks stay exactly-once because
 * they are idempotent on the svix-id.
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;

    public AdminApi(InboxRepository inbox, DeliveryLedger ledger) {
        this.inbox = inbox;
        this.ledger = ledger;
    }

    /**
     * Events, newest first. {@code status} matches the inbox status or any delivery status
     * ({@code dead}, {@code retrying}, …); {@code since}/{@code until} are ISO-8601 instants.
     */
    public List<Map<String, Object>> listEvents(String type, String status, String since, String until, Integer limit) {
        InboxStatus inboxStatus = null;
        DeliveryStatus deliveryStatus = null;
        if (notBlank(status)) {
            inboxStatus = InboxStatus.of(status);
            deliveryStatus = inboxStatus == null ? DeliveryStatus.of(status) : null;
            if (inboxStatus == null && deliveryStatus == null) {
                throw new RequestRejectedException(400, "bad_request", "status must be an inbox status ("
                        + Arrays.stream(InboxStatus.values()).map(InboxStatus::value).collect(Collectors.joining(", "))
                        + ") or a delivery status ("
                        + Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::value).collect(Collectors.joining(", ")) + ")");
            }
        }
        int max = limit == null || limit <= 0 ? 100 : Math.min(limit, 1000);
        List<Map<String, Object>> events = new ArrayList<>();
        for (StoredEvent e : inbox.list(notBlank(type) ? type : null, inboxStatus, deliveryStatus == null ? null : deliveryStatus.value(),
                notBlank(since) ? instant(since, "since") : null, notBlank(until) ? instant(until, "until") : null, max)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("message_id", e.messageId());
            row.put("event_type", e.eventType());
            row.put("mode", e.mode());
            row.put("received_at", text(e.receivedAt()));
            row.put("status", e.status() == null ? null : e.status().value());
            row.put("deliveries", deliveries(e.messageId(), d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sink", d.sink());
                m.put("status", value(d.status()));
                m.put("attempts", d.attempts());
                m.put("next_attempt_at", text(d.nextAttemptAt()));
                m.put("delivered_at", text(d.deliveredAt()));
                return m;
            }));
            events.add(row);
        }
        return events;
    }

    /** One event with its payload (personal fields masked unless {@code raw}) and its deliveries. */
    public Map<String, Object> event(String messageId, String raw) {
        return eventView(messageId, "true".equalsIgnoreCase(raw));
    }

    private Map<String, Object> eventView(String messageId, boolean raw) {
        StoredEvent e = inbox.find(messageId)
                .orElseThrow(() -> new RequestRejectedException(404, "not_found", "no event with that svix-id"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("message_id", e.messageId());
        event.put("event_type", e.eventType());
        event.put("mode", e.mode());
        event.put("api_version", e.apiVersion());
        event.put("received_at", text(e.receivedAt()));
        event.put("status", e.status() == null ? null : e.status().value());
        event.put("dispatched_at", text(e.dispatchedAt()));
        event.put("redacted_at", text(e.redactedAt()));
        try {
            event.put("payload", raw ? JSON.readTree(e.body()) : PersonalDataMask.maskJson(JSON.readTree(e.body())));
        } catch (IOException | RuntimeException ex) {
            event.put("payload", null);
        }
        event.put("deliveries", deliveries(messageId, d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sink", d.sink());
            m.put("status", value(d.status()));
            m.put("attempts", d.attempts());
            m.put("last_error", d.lastError());
            m.put("next_attempt_at", text(d.nextAttemptAt()));
            m.put("created_at", text(d.createdAt()));
            m.put("updated_at", text(d.updatedAt()));
            m.put("delivered_at", text(d.deliveredAt()));
            m.put("written", written(d.written()));
            return m;
        }));
        return event;
    }

    /**
     * Every sink the ledger has a delivery for, with how many of its deliveries are in each status
     * ({@code pending}, {@code retrying}, {@code delivered}, {@code dead}), sorted by sink name.
     */
    public List<Map<String, Object>> sinks() {
        List<Map<String, Object>> out = new ArrayList<>();
        ledger.countsBySink().forEach((sink, counts) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sink", sink);
            counts.forEach((status, n) -> m.put(status.value(), n));
            out.add(m);
        });
        return out;
    }

    /** Runs one delivery again. */
    public Map<String, Object> replayDelivery(String messageId, String sink) {
        refuseTombstone(messageId);
        int n = ledger.replay(messageId, sink);
        if (n == 0) {
            throw new RequestRejectedException(404, "not_found", "no delivery for that svix-id and sink");
        }
        return Map.of("replayed", n);
    }

    /**
     * Runs every delivery of an event again; an event that never reached a sink (unrouted, skipped in
     * test mode) is dispatched again instead, e.g. after a route for its type was added.
     */
    public Map<String, Object> replayEvent(String messageId) {
        if (inbox.find(messageId).isEmpty()) {
            throw new RequestRejectedException(404, "not_found", "no event with that svix-id");
        }
        refuseTombstone(messageId);
        int deliveries = ledger.replayEvent(messageId);
        int redispatched = deliveries == 0 && inbox.redispatch(messageId) ? 1 : 0;
        return Map.of("replayed", deliveries, "redispatched", redispatched);
    }

    /** Runs again every dead delivery of {@code sink} (all sinks when blank) that died since {@code since}. */
    public Map<String, Object> replayDead(String sink, String since) {
        return Map.of("replayed", ledger.replayDead(notBlank(sink) ? sink : null,
                notBlank(since) ? instant(since, "since") : null));
    }

    /** Deletes an event and its deliveries (e.g. a dead one the operator has dealt with by hand). */
    public Map<String, Object> purgeEvent(String messageId) {
        ledger.deleteOf(messageId);
        if (!inbox.delete(messageId)) {
            throw new RequestRejectedException(404, "not_found", "no event with that svix-id");
        }
        return Map.of("purged", 1);
    }

    /** A redacted event is a tombstone: replaying it would send its redacted body to the sinks. */
    private void refuseTombstone(String messageId) {
        if (inbox.find(messageId).map(StoredEvent::redactedAt).isPresent()) {
            throw new RequestRejectedException(409, "redacted", "the event was redacted by retention and cannot be replayed");
        }
    }

    private List<Map<String, Object>> deliveries(String messageId, Function<DeliveryRecord, Map<String, Object>> view) {
        return ledger.deliveriesOf(messageId).stream().map(view).toList();
    }

    /** What a sink wrote, as JSON when it parses, else as text. */
    private static Object written(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return json;
        }
    }

    private static String value(DeliveryStatus status) {
        return status == null ? null : status.value();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new RequestRejectedException(400, "bad_request", name + " must be an ISO-8601 instant, e.g. 2026-11-23T00:00:00Z");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}

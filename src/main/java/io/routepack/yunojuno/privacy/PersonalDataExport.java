package io.routepack.yunojuno.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.delivery.DeliveryRecord;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.inbox.StoredEvent;
import io.routepack.yunojuno.sink.Outbox;
import io.routepack.yunojuno.sink.hris.HrisPersonalData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the pack holds about one person, for a subject access request (docs/privacy.md, "Export one person"):
 * the inbox events that name them with their deliveries, their HR rows, and the outbox files that mention them.
 * The person is named by their freelancer id, one of their client-contact ids, or their email address.
 */
public final class PersonalDataExport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_CONTACT_ID = Pattern.compile("clct_[A-Za-z0-9]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,200}@[^@\\s]{1,200}\\.[^@\\s]{1,60}");
    private static final int MAX_EVENTS = 100_000;

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;
    private final Outbox outbox;
    private final HrisPersonalData hris;

    public PersonalDataExport(InboxRepository inbox, DeliveryLedger ledger, Outbox outbox, HrisPersonalData hris) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.outbox = outbox;
        this.hris = hris;
    }

    /** The export for a freelancer id, client-contact id or email address: 400 for anything else, 404 when unknown. */
    public Map<String, Object> export(String who) {
        String freelancerId = freelancerId(who);
        List<String> contacts = hris.clientContactsOf(freelancerId);
        List<String> needles = new ArrayList<>(contacts);
        needles.add(freelancerId);
        List<StoredEvent> stored = inbox.mentioning(needles, MAX_EVENTS);
        Map<String, List<Map<String, Object>>> hrRows = hris.rowsOf(freelancerId);
        if (stored.isEmpty() && hrRows.values().stream().allMatch(List::isEmpty)) {
            throw new RequestRejectedException(404, "not_found", "nothing is stored about that person");
        }
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (StoredEvent e : stored) {
            ids.add(e.messageId());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("message_id", e.messageId());
            event.put("event_type", e.eventType());
            event.put("received_at", text(e.receivedAt()));
            event.put("status", e.status() == null ? null : e.status().value());
            event.put("redacted_at", text(e.redactedAt()));
            JsonNode payload = parse(e.body());
            event.put("payload", payload);
            if (payload != null) {
                payload.findParents("freelancer_id").stream()
                        .filter(o -> freelancerId.equals(o.path("freelancer_id").asText()) && o.path("email").isTextual())
                        .forEach(o -> terms.add(o.path("email").asText()));
            }
            List<Map<String, Object>> deliveries = new ArrayList<>();
            for (DeliveryRecord d : ledger.deliveriesOf(e.messageId())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sink", d.sink());
                m.put("status", d.status() == null ? null : d.status().value());
                m.put("attempts", d.attempts());
                m.put("last_error", d.lastError());
                m.put("delivered_at", text(d.deliveredAt()));
                deliveries.add(m);
            }
            event.put("deliveries", deliveries);
            events.add(event);
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path file : outbox.mentioning(ids, terms)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", outbox.dir().relativize(file).toString().replace('\\', '/'));
            f.put("content", outbox.text(file));
            files.add(f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("freelancer_id", freelancerId);
        out.put("client_contact_ids", contacts);
        out.put("events", events);
        out.put("hris", hrRows);
        out.put("outbox_files", files);
        return out;
    }

    private String freelancerId(String who) {
        String id = who == null ? "" : who.strip();
        if (id.startsWith("fp_")) {
            return Erasure.freelancerId(id);
        }
        if (CLIENT_CONTACT_ID.matcher(id).matches()) {
            return hris.freelancerOfContact(id).or(() -> fromEvents(id, "client_contact_id"))
                    .orElseThrow(() -> new RequestRejectedException(404, "not_found", "no freelancer known for that client contact"));
        }
        if (EMAIL.matcher(id).matches()) {
            return fromEvents(id, "email")
                    .orElseThrow(() -> new RequestRejectedException(404, "not_found", "no freelancer known with that email"));
        }
        throw new RequestRejectedException(400, "bad_request",
                "name a person by freelancer id (fp_...), client contact id (clct_...) or email address");
    }

    /** The freelancer id of an object in a stored event whose {@code field} holds {@code value}. */
    private Optional<String> fromEvents(String value, String field) {
        for (StoredEvent e : inbox.mentioning(List.of(value), 1000)) {
            JsonNode tree = parse(e.body());
            if (tree == null) {
                continue;
            }
            for (JsonNode o : tree.findParents(field)) {
                if (o.path(field).asText().equalsIgnoreCase(value) && o.path("freelancer_id").isTextual()) {
                    return Optional.of(o.path("freelancer_id").asText());
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

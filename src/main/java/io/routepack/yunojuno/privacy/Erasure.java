package io.routepack.yunojuno.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.db.Sql;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.inbox.StoredEvent;
import io.routepack.yunojuno.sink.Outbox;
import io.routepack.yunojuno.sink.hris.HrisPersonalData;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Erases one person's personal data everywhere the pack keeps it (docs/privacy.md, "Erase one person"): the inbox
 * bodies of the events that name them, their deliveries' errors, outbox files, and the custom-field values (and,
 * with {@code privacy.erase.hris}, the personal columns) of the HR tables. Other people in the same events are left
 * alone. Each erasure writes a row to {@code privacy_erasure} (no personal data). Erasing twice changes nothing more.
 */
public final class Erasure {

    /** What replaces an erased value. */
    static final String ERASED = "[erased]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FREELANCER_ID = Pattern.compile("fp_[A-Za-z0-9]{1,64}");
    private static final List<String> PERSONAL_FIELDS = List.of("email", "full_name", "legal_name", "first_name",
            "last_name", "date_of_birth");
    /** Values searched for anywhere (free text, custom fields); first and last names only as whole values. */
    private static final Set<String> SEARCHED = Set.of("email", "full_name", "legal_name", "date_of_birth");
    private static final int MAX_EVENTS = 100_000;

    private final InboxRepository inbox;
    private final DeliveryLedger ledger;
    private final Outbox outbox;
    private final HrisPersonalData hris;
    private final DataSource store;
    private final Clock clock;

    public Erasure(InboxRepository inbox, DeliveryLedger ledger, Outbox outbox, HrisPersonalData hris, DataSource store,
                   Clock clock) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.outbox = outbox;
        this.hris = hris;
        this.store = store;
        this.clock = clock;
    }

    /** Checks a freelancer id's form: 400 otherwise. */
    public static String freelancerId(String id) {
        if (id == null || !FREELANCER_ID.matcher(id.strip()).matches()) {
            throw new RequestRejectedException(400, "bad_request", "a freelancer id looks like fp_ followed by letters and digits");
        }
        return id.strip();
    }

    /**
     * Erases a freelancer's personal data; {@code requestedBy} names who asked (never a person's data). Returns the
     * counts, as in the audit row, and the svix-ids of its events with deliveries not yet done. 404 when the pack
     * holds nothing about that id.
     */
    public Map<String, Object> erase(String id, String requestedBy) {
        String freelancerId = freelancerId(id);
        List<String> contacts = hris.clientContactsOf(freelancerId);
        List<String> needles = new ArrayList<>(contacts);
        needles.add(freelancerId);
        List<StoredEvent> events = inbox.mentioning(needles, MAX_EVENTS);
        if (events.isEmpty() && contacts.isEmpty()) {
            throw new RequestRejectedException(404, "not_found", "nothing is stored about that freelancer id");
        }
        Map<String, String> person = new LinkedHashMap<>();
        List<JsonNode> trees = new ArrayList<>();
        for (StoredEvent e : events) {
            JsonNode tree = parse(e.body());
            trees.add(tree);
            collect(tree, freelancerId, person);
        }
        Set<String> searched = new LinkedHashSet<>();
        Set<String> whole = new LinkedHashSet<>();
        person.forEach((key, value) -> (SEARCHED.contains(key.substring(0, key.indexOf('#'))) ? searched : whole).add(value));

        int inboxEvents = 0;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            ids.add(e.messageId());
            JsonNode tree = trees.get(i);
            if (tree == null) {
                continue;
            }
            erase(tree, freelancerId, searched, whole);
            String erased = write(tree);
            if (!sameJson(erased, e.body()) && inbox.replaceBody(e.messageId(), e.body(), erased)) {
                inboxEvents++;
            }
        }
        int ledgerErrors = ledger.scrubErrors(ids, text -> scrub(text, searched));
        int outboxFiles = 0;
        Set<String> terms = new LinkedHashSet<>(searched);
        for (Path file : outbox.mentioning(ids, terms)) {
            if (outbox.delete(file)) {
                outboxFiles++;
            }
        }
        int hrisRows = hris.erase(freelancerId, text -> scrub(text, searched));
        // their sinks will be sent the erased body: the operator decides whether that is wanted (docs/privacy.md)
        Set<String> notDone = ledger.withUndelivered(ids);
        List<String> undelivered = ids.stream().filter(notDone::contains).toList();

        Map<String, Object> result = new LinkedHashMap<>();
        String erasureId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        result.put("erasure_id", erasureId);
        result.put("freelancer_id", freelancerId);
        result.put("erased_at", at.toString());
        result.put("inbox_events", inboxEvents);
        result.put("ledger_errors", ledgerErrors);
        result.put("outbox_files", outboxFiles);
        result.put("hris_rows", hrisRows);
        result.put("undelivered_events", undelivered);
        try {
            Sql.update(store, "INSERT INTO privacy_erasure (erasure_id, freelancer_id, erased_at, requested_by, inbox_events,"
                            + " ledger_errors, outbox_files, hris_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", erasureId, freelancerId,
                    at, requestedBy, inboxEvents, ledgerErrors, outboxFiles, hrisRows);
        } catch (SQLException e) {
            throw new IllegalStateException("erasure audit write failed: " + e.getMessage(), e);
        }
        return result;
    }

    /** The person's values, from every object that carries their freelancer id and a personal field. */
    private static void collect(JsonNode node, String freelancerId, Map<String, String> person) {
        if (node instanceof ObjectNode object) {
            if (freelancerId.equals(object.path("freelancer_id").asText(null))) {
                for (String field : PERSONAL_FIELDS) {
                    JsonNode v = object.get(field);
                    if (v != null && v.isTextual() && !v.asText().isBlank() && !ERASED.equals(v.asText())) {
                        person.putIfAbsent(field + "#" + v.asText(), v.asText());
                    }
                }
            }
            object.elements().forEachRemaining(child -> collect(child, freelancerId, person));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> collect(child, freelancerId, person));
        }
    }

    private static void erase(JsonNode node, String freelancerId, Set<String> searched, Set<String> whole) {
        if (node instanceof ObjectNode object) {
            boolean theirs = freelancerId.equals(object.path("freelancer_id").asText(null));
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                if (v.isTextual()) {
                    String text = v.asText();
                    String erased = theirs && PERSONAL_FIELDS.contains(f.getKey()) || whole.contains(text) ? ERASED
                            : scrub(text, searched);
                    if (!erased.equals(text)) {
                        f.setValue(object.textNode(erased));
                    }
                } else {
                    erase(v, freelancerId, searched, whole);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isTextual()) {
                    String erased = whole.contains(v.asText()) ? ERASED : scrub(v.asText(), searched);
                    array.set(i, array.textNode(erased));
                } else {
                    erase(v, freelancerId, searched, whole);
                }
            }
        }
    }

    /** {@code text} with every occurrence of a term replaced, whatever its case. */
    static String scrub(String text, Set<String> terms) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String term : terms) {
            if (term.length() >= 3 && out.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))) {
                out = Pattern.compile(Pattern.quote(term), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(out)
                        .replaceAll(Matcher.quoteReplacement(ERASED));
            }
        }
        return out;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String write(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sameJson(String a, String b) {
        JsonNode x = parse(a);
        return x != null && x.equals(parse(b));
    }
}

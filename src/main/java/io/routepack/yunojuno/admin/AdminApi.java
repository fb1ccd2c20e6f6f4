package io.routepack.yunojuno.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routepack.yunojuno.PersonalDataMask;
import io.routepack.yunojuno.db.Sql;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.RequestRejectedException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the operator can see and do through the admin API: list and show events with their deliveries,
 * and replay a delivery, an event, or every dead delivery of a sink. A replay only puts deliveries back
 * to {@code pending} in the ledger; the delivery poller runs them, and sinks stay exactly-once because
 * they are idempotent on the svix-id.
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Clock clock;

    public AdminApi(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Events, newest first. {@code status} matches the inbox status or any delivery status
     * ({@code dead}, {@code retrying}, …); {@code since}/{@code until} are ISO-8601 instants.
     */
    public List<Map<String, Object>> listEvents(String type, String status, String since, String until, Integer limit) {
        StringBuilder sql = new StringBuilder("SELECT i.message_id, i.event_type, i.mode, i.received_at, i.status"
                + " FROM webhook_inbox i WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (notBlank(type)) {
            sql.append(" AND i.event_type = ?");
            args.add(type);
        }
        if (notBlank(status)) {
            sql.append(" AND (i.status = ? OR EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.message_id = i.message_id"
                    + " AND d.status = ?))");
            args.add(status);
            args.add(status);
        }
        if (notBlank(since)) {
            sql.append(" AND i.received_at >= ?");
            args.add(Timestamp.from(instant(since, "since")));
        }
        if (notBlank(until)) {
            sql.append(" AND i.received_at < ?");
            args.add(Timestamp.from(instant(until, "until")));
        }
        sql.append(" ORDER BY i.received_at DESC");
        int max = limit == null || limit <= 0 ? 100 : Math.min(limit, 1000);
        List<Map<String, Object>> events = query(sql.toString(), max, args.toArray());
        for (Map<String, Object> e : events) {
            e.put("deliveries", query("SELECT sink, status, attempts, next_attempt_at, delivered_at FROM webhook_delivery"
                    + " WHERE message_id = ? ORDER BY sink", 100, e.get("message_id")));
        }
        return events;
    }

    /** One event with its payload (personal fields masked unless {@code raw}) and its deliveries. */
    public Map<String, Object> event(String messageId, String raw) {
        return eventView(messageId, "true".equalsIgnoreCase(raw));
    }

    private Map<String, Object> eventView(String messageId, boolean raw) {
        List<Map<String, Object>> rows = query("SELECT message_id, event_type, mode, api_version, received_at, status,"
                + " dispatched_at, body FROM webhook_inbox WHERE message_id = ?", 1, messageId);
        if (rows.isEmpty()) {
            throw new RequestRejectedException(404, "not_found", "no event with that svix-id");
        }
        Map<String, Object> event = rows.get(0);
        String body = (String) event.remove("body");
        try {
            event.put("payload", raw ? JSON.readTree(body) : PersonalDataMask.maskJson(JSON.readTree(body)));
        } catch (IOException e) {
            event.put("payload", null);
        }
        List<Map<String, Object>> deliveries = query("SELECT sink, status, attempts, last_error, next_attempt_at,"
                + " created_at, updated_at, delivered_at FROM webhook_delivery WHERE message_id = ? ORDER BY sink", 100, messageId);
        event.put("deliveries", deliveries);
        return event;
    }

    /**
     * Every sink the ledger has a delivery for, with how many of its deliveries are in each status
     * ({@code pending}, {@code retrying}, {@code delivered}, {@code dead}), sorted by sink name.
     */
    public List<Map<String, Object>> sinks() {
        Map<String, Map<String, Object>> bySink = new java.util.TreeMap<>();
        for (Map<String, Object> row : query("SELECT sink, status, COUNT(*) AS n FROM webhook_delivery GROUP BY sink, status",
                10_000)) {
            Map<String, Object> sink = bySink.computeIfAbsent((String) row.get("sink"), name -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sink", name);
                for (String status : List.of(DeliveryLedger.PENDING, DeliveryLedger.RETRYING, DeliveryLedger.DELIVERED,
                        DeliveryLedger.DEAD)) {
                    m.put(status, 0L);
                }
                return m;
            });
            sink.put((String) row.get("status"), ((Number) row.get("n")).longValue());
        }
        return new ArrayList<>(bySink.values());
    }

    /** Runs one delivery again. */
    public Map<String, Object> replayDelivery(String messageId, String sink) {
        int n = resetToPending("UPDATE webhook_delivery SET status = ?, attempts = 0, next_attempt_at = ?, claimed_by = NULL,"
                + " claimed_until = NULL, updated_at = ? WHERE message_id = ? AND sink = ?", ts(), messageId, sink);
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
        eventView(messageId, false); // 404 when unknown
        int deliveries = resetToPending("UPDATE webhook_delivery SET status = ?, attempts = 0, next_attempt_at = ?, claimed_by = NULL,"
                + " claimed_until = NULL, updated_at = ? WHERE message_id = ?", ts(), messageId);
        int redispatched = 0;
        if (deliveries == 0) {
            redispatched = execute("UPDATE webhook_inbox SET status = ?, offered_at = ? WHERE message_id = ? AND status <> ?",
                    InboxRepository.RECEIVED, Timestamp.from(Instant.EPOCH), messageId, InboxRepository.RECEIVED);
        }
        return Map.of("replayed", deliveries, "redispatched", redispatched);
    }

    /** Runs again every dead delivery of {@code sink} (all sinks when blank) that died since {@code since}. */
    public Map<String, Object> replayDead(String sink, String since) {
        StringBuilder sql = new StringBuilder("UPDATE webhook_delivery SET status = ?, attempts = 0, next_attempt_at = ?,"
                + " claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE status = '" + DeliveryLedger.DEAD + "'");
        List<Object> args = new ArrayList<>();
        if (notBlank(sink)) {
            sql.append(" AND sink = ?");
            args.add(sink);
        }
        if (notBlank(since)) {
            sql.append(" AND updated_at >= ?");
            args.add(Timestamp.from(instant(since, "since")));
        }
        return Map.of("replayed", resetToPending(sql.toString(), ts(), args.toArray()));
    }

    /** Deletes an event and its deliveries (e.g. a dead one the operator has dealt with by hand). */
    public Map<String, Object> purgeEvent(String messageId) {
        execute("DELETE FROM webhook_delivery WHERE message_id = ?", messageId);
        int n = execute("DELETE FROM webhook_inbox WHERE message_id = ?", messageId);
        if (n == 0) {
            throw new RequestRejectedException(404, "not_found", "no event with that svix-id");
        }
        return Map.of("purged", n);
    }

    private Timestamp ts() {
        return Timestamp.from(clock.instant());
    }

    /** The three replay updates share: status = pending, next_attempt_at = now, updated_at = now, then args. */
    private int resetToPending(String sql, Timestamp now, Object... args) {
        Object[] all = new Object[args.length + 3];
        all[0] = DeliveryLedger.PENDING;
        all[1] = now;
        all[2] = now;
        System.arraycopy(args, 0, all, 3, args.length);
        return execute(sql, all);
    }

    private int execute(String sql, Object... args) {
        try {
            return Sql.update(dataSource, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("admin update failed: " + e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> query(String sql, int maxRows, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                        Object v = name.equals("body") ? rs.getString(i) : rs.getObject(i);
                        if (v instanceof Timestamp t) {
                            v = t.toInstant().toString();
                        } else if (v instanceof java.time.temporal.TemporalAccessor) {
                            v = rs.getTimestamp(i).toInstant().toString();
                        }
                        row.put(name, v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin query failed: " + e.getMessage(), e);
        }
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

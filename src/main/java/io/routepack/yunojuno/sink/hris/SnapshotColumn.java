package io.routepack.yunojuno.sink.hris;

import com.fasterxml.jackson.databind.JsonNode;
import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import io.routepack.yunojuno.sink.BoundedDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A column of an HR table and where its value sits in the event snapshot ({@code data.object}), as
 * dotted paths tried in order. A path whose key is absent leaves the stored value alone; a key (or
 * parent object) that is JSON null clears it.
 */
record SnapshotColumn(String name, Kind kind, List<String> paths) {

    enum Kind { TEXT, JSON, DATE, MONEY, TIMESTAMP }

    /** {@link #read} result when the snapshot does not carry the column. */
    static final Object ABSENT = new Object();

    /** Money columns are DECIMAL(19, 2): the currency amounts YunoJuno sends have two decimals. */
    static final int MONEY_SCALE = 2;

    static SnapshotColumn text(String name, String... paths) {
        return new SnapshotColumn(name, Kind.TEXT, List.of(paths));
    }

    static SnapshotColumn json(String name, String path) {
        return new SnapshotColumn(name, Kind.JSON, List.of(path));
    }

    static SnapshotColumn date(String name, String path) {
        return new SnapshotColumn(name, Kind.DATE, List.of(path));
    }

    static SnapshotColumn money(String name, String path) {
        return new SnapshotColumn(name, Kind.MONEY, List.of(path));
    }

    /** A column the sink fills itself (state, last event, timestamps), not read from the snapshot. */
    static SnapshotColumn own(String name, Kind kind) {
        return new SnapshotColumn(name, kind, List.of());
    }

    /** This column's value in {@code object}: a String, LocalDate or BigDecimal, null, or {@link #ABSENT}. */
    Object read(JsonNode object) {
        for (String path : paths) {
            JsonNode node = object;
            for (String key : path.split("\\.")) {
                if (node.isNull() || !node.isObject()) {
                    node = com.fasterxml.jackson.databind.node.NullNode.getInstance();
                    break;
                }
                node = node.path(key);
                if (node.isMissingNode()) {
                    break;
                }
            }
            if (!node.isMissingNode()) {
                return convert(node);
            }
        }
        return ABSENT;
    }

    private Object convert(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        switch (kind) {
            case JSON:
                return node.toString();
            case DATE:
                if (text.isBlank()) {
                    return null;
                }
                try {
                    return LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    throw new PermanentDeliveryException(name + " is not a YYYY-MM-DD date");
                }
            case MONEY:
                if (text.isBlank()) {
                    return null;
                }
                try {
                    return BoundedDecimal.parse(text, name).setScale(MONEY_SCALE, RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    throw new PermanentDeliveryException(name + " has more than " + MONEY_SCALE + " decimals; it would be rounded");
                }
            default:
                return text;
        }
    }

    Object get(ResultSet rs) throws SQLException {
        return switch (kind) {
            case DATE -> {
                java.sql.Date d = rs.getDate(name);
                yield d == null ? null : d.toLocalDate();
            }
            case MONEY -> rs.getBigDecimal(name);
            case TIMESTAMP -> {
                Timestamp t = rs.getTimestamp(name);
                yield t == null ? null : t.toInstant();
            }
            default -> rs.getString(name);
        };
    }

    void set(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, switch (kind) {
                case DATE -> Types.DATE;
                case MONEY -> Types.DECIMAL;
                case TIMESTAMP -> Types.TIMESTAMP;
                default -> Types.VARCHAR;
            });
            return;
        }
        switch (kind) {
            case DATE -> ps.setDate(index, java.sql.Date.valueOf((LocalDate) value));
            case MONEY -> ps.setBigDecimal(index, (BigDecimal) value);
            case TIMESTAMP -> ps.setTimestamp(index, Timestamp.from((Instant) value));
            default -> ps.setString(index, (String) value);
        }
    }

    /** Equal for the purpose of "did anything change": amounts compare by value. */
    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }
}

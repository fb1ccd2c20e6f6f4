package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.db.Sql;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The personal data in the HR tables the hris sink writes, for an erasure (docs/privacy.md): custom-field values
 * that name the person are scrubbed always; the personal columns of {@code contract_record} are blanked only when
 * {@code privacy.erase.hris} is true, since those tables otherwise belong to the HR system's own retention.
 */
public final class HrisPersonalData {

    private final DataSource dataSource;
    private final boolean eraseColumns;

    public HrisPersonalData(DataSource dataSource, boolean eraseColumns) {
        this.dataSource = dataSource;
        this.eraseColumns = eraseColumns;
    }

    /** The client-contact ids the HR tables hold for a freelancer. */
    public List<String> clientContactsOf(String freelancerId) {
        try {
            List<String> ids = new java.util.ArrayList<>(Sql.query(dataSource, "SELECT client_contact_id FROM contractor_onboarding"
                    + " WHERE freelancer_id = ?", 0, rs -> rs.getString(1), freelancerId));
            for (String id : Sql.query(dataSource, "SELECT DISTINCT client_contact_id FROM contract_record WHERE freelancer_id = ?"
                    + " AND client_contact_id IS NOT NULL", 0, rs -> rs.getString(1), freelancerId)) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("HR read failed: " + e.getMessage(), e);
        }
    }

    /** A freelancer id named by a client-contact id in the HR tables, if any. */
    public java.util.Optional<String> freelancerOfContact(String clientContactId) {
        try {
            return Sql.query(dataSource, "SELECT freelancer_id FROM contractor_onboarding WHERE client_contact_id = ?"
                    + " AND freelancer_id IS NOT NULL UNION SELECT freelancer_id FROM contract_record WHERE client_contact_id = ?"
                    + " AND freelancer_id IS NOT NULL", 1, rs -> rs.getString(1), clientContactId, clientContactId).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("HR read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Every HR row about a freelancer, by table: the snapshots ({@code contractor_onboarding}, {@code contract_record})
     * and the history and custom-field change tables of their contacts and contracts. Values as text.
     */
    public java.util.Map<String, List<java.util.Map<String, Object>>> rowsOf(String freelancerId) {
        String contacts = "SELECT client_contact_id FROM contractor_onboarding WHERE freelancer_id = ?";
        String contracts = "SELECT contract_id FROM contract_record WHERE freelancer_id = ?";
        java.util.Map<String, List<java.util.Map<String, Object>>> out = new java.util.LinkedHashMap<>();
        try {
            out.put("contractor_onboarding", rows("SELECT * FROM contractor_onboarding WHERE freelancer_id = ?", freelancerId));
            out.put("contractor_onboarding_event", rows("SELECT * FROM contractor_onboarding_event WHERE client_contact_id IN ("
                    + contacts + ") ORDER BY received_at", freelancerId));
            out.put("contractor_custom_field_change", rows("SELECT * FROM contractor_custom_field_change WHERE client_contact_id"
                    + " IN (" + contacts + ") ORDER BY received_at", freelancerId));
            out.put("contract_record", rows("SELECT * FROM contract_record WHERE freelancer_id = ?", freelancerId));
            out.put("contract_event", rows("SELECT * FROM contract_event WHERE contract_id IN (" + contracts
                    + ") ORDER BY received_at", freelancerId));
            out.put("contract_custom_field_change", rows("SELECT * FROM contract_custom_field_change WHERE contract_id IN ("
                    + contracts + ") ORDER BY received_at", freelancerId));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("HR read failed: " + e.getMessage(), e);
        }
    }

    private List<java.util.Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        return Sql.query(dataSource, sql, 0, rs -> {
            java.sql.ResultSetMetaData meta = rs.getMetaData();
            java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                        v == null || v instanceof Number || v instanceof Boolean ? v : rs.getString(i));
            }
            return row;
        }, args);
    }

    /**
     * Scrubs a freelancer's custom-field values with {@code scrub} (and blanks their personal columns when so
     * configured). Returns how many rows changed.
     */
    public int erase(String freelancerId, UnaryOperator<String> scrub) {
        try {
            int changed = 0;
            for (String[] row : Sql.query(dataSource, "SELECT client_contact_id, custom_fields FROM contractor_onboarding"
                    + " WHERE freelancer_id = ? AND custom_fields IS NOT NULL", 0,
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, freelancerId)) {
                String scrubbed = scrub.apply(row[1]);
                if (!scrubbed.equals(row[1])) {
                    changed += Sql.update(dataSource, "UPDATE contractor_onboarding SET custom_fields = ? WHERE client_contact_id = ?",
                            scrubbed, row[0]);
                }
            }
            changed += scrubChanges("contractor_custom_field_change", "client_contact_id", "SELECT client_contact_id FROM"
                    + " contractor_onboarding WHERE freelancer_id = ?", freelancerId, scrub);
            changed += scrubChanges("contract_custom_field_change", "contract_id", "SELECT contract_id FROM contract_record"
                    + " WHERE freelancer_id = ?", freelancerId, scrub);
            if (eraseColumns) {
                changed += Sql.update(dataSource, "UPDATE contract_record SET freelancer_name = NULL, freelancer_email = NULL"
                        + " WHERE freelancer_id = ? AND (freelancer_name IS NOT NULL OR freelancer_email IS NOT NULL)", freelancerId);
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("HR erase failed: " + e.getMessage(), e);
        }
    }

    private int scrubChanges(String table, String owner, String owners, String freelancerId, UnaryOperator<String> scrub)
            throws SQLException {
        int changed = 0;
        for (String[] row : Sql.query(dataSource, "SELECT message_id, field_name, old_value, new_value FROM " + table
                + " WHERE " + owner + " IN (" + owners + ")", 0,
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, freelancerId)) {
            String oldValue = row[2] == null ? null : scrub.apply(row[2]);
            String newValue = row[3] == null ? null : scrub.apply(row[3]);
            if (!java.util.Objects.equals(oldValue, row[2]) || !java.util.Objects.equals(newValue, row[3])) {
                changed += Sql.update(dataSource, "UPDATE " + table + " SET old_value = ?, new_value = ? WHERE message_id = ?"
                        + " AND field_name = ?", oldValue, newValue, row[0], row[1]);
            }
        }
        return changed;
    }
}

package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V12 (issue 20 item 4) applies on the previous release's schema and data (V11), keeps every row, and each paged list's
 * keyset query, as Hibernate writes it, is answered in order from its new index without a sort.
 */
class PagingIndexMigrationTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void theKeysetQueriesOfThePreviousReleasesDataUseTheNewIndexes() throws SQLException {
        OwnedDatabase db = RealInfrastructure.shared().ownedDatabase("consent_paging_migration");
        ServiceMigrations.asOwner(db, "11", "classpath:db/migration").migrate();
        UUID parent = UUID.randomUUID();
        UUID child = UUID.randomUUID();
        try (Connection connection = db.owner().connect()) {
            insert(connection, "INSERT INTO child (id, parent_id, created_at) VALUES (?, ?, ?)", child, parent, AT);
            insert(connection, """
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, assurance_level, granted_at)
                    VALUES (?, ?, ?, 'PHOTOS', 1, 1, ?)""", UUID.randomUUID(), child, parent, AT);
            insert(connection, "INSERT INTO consent_form (id, parent_id, status, submitted_at) VALUES (?, ?, 'PENDING', ?)",
                    UUID.randomUUID(), parent, AT);
        }

        // Up to V12 itself: later indexes (V15's consent_record_granted) can serve the same order on one row, and the
        // latest schema's plans are HotQueryPlanTest's, on 100,000 rows.
        ServiceMigrations.asOwner(db, "12", "classpath:db/migration").migrate();

        try (Connection connection = db.owner().connect(); Statement sql = connection.createStatement()) {
            assertEquals(1, count(connection, "SELECT count(*) FROM child WHERE parent_id = ?", parent));
            assertEquals(1, count(connection, "SELECT count(*) FROM consent_record WHERE child_id = ?", child));
            assertEquals(1, count(connection, "SELECT count(*) FROM consent_form WHERE parent_id = ?", parent));
            // Too few rows for the planner to prefer an index on its own: only whether the index can serve the order is asked.
            sql.execute("SET enable_seqscan = off");
            usesWithoutSort(connection, "child_parent_created", """
                    SELECT id FROM child WHERE parent_id = ? AND (created_at > ? OR (created_at = ? AND id > ?))
                    ORDER BY created_at, id LIMIT 51""", parent);
            usesWithoutSort(connection, "consent_record_child_granted", """
                    SELECT id FROM consent_record WHERE child_id = ? AND (granted_at > ? OR (granted_at = ? AND id > ?))
                    ORDER BY granted_at, id LIMIT 51""", child);
            usesWithoutSort(connection, "consent_form_status_submitted", """
                    SELECT id FROM consent_form WHERE status = ? AND (submitted_at > ? OR (submitted_at = ? AND id > ?))
                    ORDER BY submitted_at, id LIMIT 51""", "PENDING");
        }
    }

    private static void usesWithoutSort(Connection connection, String index, String keyset, Object owner) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + keyset)) {
            explain.setObject(1, owner);
            explain.setTimestamp(2, Timestamp.from(AT.minusSeconds(1)));
            explain.setTimestamp(3, Timestamp.from(AT.minusSeconds(1)));
            explain.setObject(4, UUID.randomUUID());
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains(index), plan.toString());
        assertFalse(plan.toString().contains("Sort"), plan.toString());
    }

    private static void insert(Connection connection, String sql, UUID id, UUID owner, UUID third, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, id);
            insert.setObject(2, owner);
            insert.setObject(3, third);
            insert.setTimestamp(4, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    private static void insert(Connection connection, String sql, UUID id, UUID owner, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, id);
            insert.setObject(2, owner);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    private static long count(Connection connection, String sql, UUID id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}

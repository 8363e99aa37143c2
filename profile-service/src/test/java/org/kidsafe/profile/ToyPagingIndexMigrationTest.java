package org.kidsafe.profile;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
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
 * V6 (issue 20 item 4) applies on the previous release's schema and data (V5), keeps the bindings, and the toys list's
 * keyset query, as Hibernate writes it, is answered in (paired_at, id) order from the new index without a sort.
 */
class ToyPagingIndexMigrationTest {

    private static final Instant PAIRED = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void theToysKeysetQueryOfThePreviousReleasesDataUsesTheNewIndex() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("profile_paging_migration");
        ServiceMigrations.asRuntimeRole(db, "5", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        try (Connection connection = db.connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO toy_binding (id, child_id, parent_id, device_id, status, paired_at) VALUES (?, ?, ?, 'plush-1', 'PAIRED', ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, child);
            insert.setObject(3, UUID.randomUUID());
            insert.setTimestamp(4, Timestamp.from(PAIRED));
            insert.executeUpdate();
        }

        ServiceMigrations.asRuntimeRole(db, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
            try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM toy_binding WHERE child_id = ?")) {
                query.setObject(1, child);
                try (ResultSet count = query.executeQuery()) {
                    count.next();
                    assertEquals(1, count.getLong(1));
                }
            }
            // Too few rows for the planner to prefer an index on its own: only whether the index can serve the order is asked.
            sql.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement explain = connection.prepareStatement("""
                    EXPLAIN SELECT id FROM toy_binding WHERE child_id = ? AND (paired_at > ? OR (paired_at = ? AND id > ?))
                    ORDER BY paired_at, id LIMIT 51""")) {
                explain.setObject(1, child);
                explain.setTimestamp(2, Timestamp.from(PAIRED));
                explain.setTimestamp(3, Timestamp.from(PAIRED));
                explain.setObject(4, UUID.randomUUID());
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
            assertTrue(plan.toString().contains("toy_binding_child_paired"), plan.toString());
            assertFalse(plan.toString().contains("Sort"), plan.toString());
        }
    }
}

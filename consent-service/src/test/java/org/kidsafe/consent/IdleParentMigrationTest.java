package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running installation migrates to the idle-parent reminder of issue 18 item 5 from the previous release's data (V4):
 * every existing contact keeps its address and dates and starts as not reminded, so no parent is purged without the
 * reminder first.
 */
class IdleParentMigrationTest {

    private static final Instant VERIFIED = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void existingContactsStayAndAreNotYetReminded() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("consent_idle_migration");
        ServiceMigrations.asRuntimeRole(db, "4", "classpath:db/migration").migrate();
        UUID parent = UUID.randomUUID();
        try (Connection connection = db.connect(); PreparedStatement contact = connection.prepareStatement("""
                INSERT INTO parent_contact (parent_id, email, created_at, verified_at, reminder_due_at, reminder_sent_at)
                VALUES (?, 'parent@example.org', ?, ?, ?, ?)""")) {
            contact.setObject(1, parent);
            for (int i = 2; i <= 5; i++) {
                contact.setTimestamp(i, Timestamp.from(VERIFIED));
            }
            contact.executeUpdate();
        }

        // This release: the database handed over to its owner (as ./kidsafe up does) and migrated as the owner.
        ServiceMigrations.asOwner(RealInfrastructure.shared().ownedDatabase("consent_idle_migration"), "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT email, verified_at, idle_reminder_sent_at FROM parent_contact WHERE parent_id = ?")) {
            query.setObject(1, parent);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals("parent@example.org", row.getString("email"));
                assertEquals(VERIFIED, row.getTimestamp("verified_at").toInstant());
                assertNull(row.getTimestamp("idle_reminder_sent_at"));
            }
        }
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A running installation migrates to the race fixes of issue 18 item 6 from the previous release's data (V2): duplicate
 * active consents that a double submit left are resolved deterministically before the one-active-consent index is
 * built, and existing erasure sagas get a version.
 */
class ConcurrencyMigrationTest {

    private static final Instant GRANTED = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void duplicateActiveConsentsAreResolvedToTheEarliestAndSagasGetAVersion() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("consent_migration");
        ServiceMigrations.asRuntimeRole(db, "2", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        UUID earliest = UUID.fromString("ffffffff-0000-0000-0000-000000000001");
        UUID sameInstantLowerId = UUID.fromString("00000000-0000-0000-0000-000000000002");
        UUID sameInstantHigherId = UUID.fromString("00000000-0000-0000-0000-000000000003");
        UUID alreadyRevoked = UUID.randomUUID();
        UUID otherCategory = UUID.randomUUID();
        UUID saga = UUID.randomUUID();
        try (Connection connection = db.connect();
             PreparedStatement consent = connection.prepareStatement("""
                     INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, assurance_level, granted_at, revoked_at)
                     VALUES (?, ?, ?, ?, 1, 1, ?, ?)""");
             PreparedStatement erasure = connection.prepareStatement("""
                     INSERT INTO erasure_request (id, child_id, parent_id, categories, status, requested_at, last_asked_at, times_asked,
                                                  own_erased, own_completed_at)
                     VALUES (?, ?, ?, 'CHAT', 'PENDING', ?, ?, 1, '{}', ?)""")) {
            insert(consent, earliest, child, parent, "PHOTOS", GRANTED, null);
            insert(consent, sameInstantHigherId, child, parent, "PHOTOS", GRANTED.plusSeconds(1), null);
            insert(consent, sameInstantLowerId, child, parent, "PHOTOS", GRANTED.plusSeconds(1), null);
            insert(consent, alreadyRevoked, child, parent, "PHOTOS", GRANTED.minusSeconds(60), GRANTED.minusSeconds(30));
            insert(consent, otherCategory, child, parent, "VOICE", GRANTED.plusSeconds(5), null);
            erasure.setObject(1, saga);
            erasure.setObject(2, child);
            erasure.setObject(3, parent);
            for (int i = 4; i <= 6; i++) {
                erasure.setTimestamp(i, Timestamp.from(GRANTED));
            }
            erasure.executeUpdate();
        }

        // This release: the database handed over to its owner (as ./kidsafe up does) and migrated as the owner.
        ServiceMigrations.asOwner(RealInfrastructure.shared().ownedDatabase("consent_migration"), "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            assertEquals(List.of(earliest.toString(), otherCategory.toString()),
                    ids(connection, "SELECT id FROM consent_record WHERE child_id = ? AND revoked_at IS NULL ORDER BY category", child),
                    "the earliest grant of each category stays active");
            assertEquals(List.of(sameInstantLowerId.toString(), sameInstantHigherId.toString()),
                    ids(connection, "SELECT id FROM consent_record WHERE child_id = ? AND revoked_at = granted_at ORDER BY id", child),
                    "every later duplicate is ended at its own grant time");
            assertEquals(List.of(alreadyRevoked.toString()), ids(connection,
                    "SELECT id FROM consent_record WHERE child_id = ? AND revoked_at IS NOT NULL AND revoked_at <> granted_at", child),
                    "a consent revoked before stays as it was");
            assertEquals(List.of("0"), ids(connection, "SELECT version FROM erasure_request WHERE child_id = ?", child));
            try (PreparedStatement consent = connection.prepareStatement("""
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, assurance_level, granted_at, revoked_at)
                    VALUES (?, ?, ?, ?, 1, 1, ?, ?)""")) {
                assertThrows(SQLException.class, () -> insert(consent, UUID.randomUUID(), child, parent, "PHOTOS", Instant.now(), null),
                        "a second active consent is refused by the database");
            }
        }
    }

    private static void insert(PreparedStatement consent, UUID id, UUID child, UUID parent, String category, Instant granted, Instant revoked)
            throws SQLException {
        consent.setObject(1, id);
        consent.setObject(2, child);
        consent.setObject(3, parent);
        consent.setString(4, category);
        consent.setTimestamp(5, Timestamp.from(granted));
        consent.setTimestamp(6, revoked == null ? null : Timestamp.from(revoked));
        consent.executeUpdate();
    }

    private static List<String> ids(Connection connection, String sql, UUID child) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, child);
            try (ResultSet rows = query.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
                return found;
            }
        }
    }
}

package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * consent-projection's V8 (issue 19 item 4) on an installation of the previous release (V7): every child keeps exactly
 * the guardians that release derived from its consent rows (each parent a consent was recorded by), so nobody gains or
 * loses a child at the upgrade; later sets come from ChildGuardiansChanged.
 */
class GuardianProjectionMigrationTest {

    @Test
    void theParentsOfTheConsentRowsBecomeTheGuardians() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("media_guardian_migration");
        ServiceMigrations.asRuntimeRole(db, "7", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant earlier = Instant.parse("2026-10-01T08:00:00Z");
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO consent_projection (child_id, category, parent_id, granted, notice_version, changed_at)
                     VALUES (?, ?, ?, ?, 1, ?)""")) {
            Object[][] rows = {{child, "PHOTOS", parent, true, earlier}, {child, "VOICE", parent, false, earlier.plusSeconds(60)},
                    {other, "CHAT", other, true, earlier}};
            for (Object[] row : rows) {
                insert.setObject(1, row[0]);
                insert.setString(2, (String) row[1]);
                insert.setObject(3, row[2]);
                insert.setBoolean(4, (Boolean) row[3]);
                insert.setTimestamp(5, Timestamp.from((Instant) row[4]));
                insert.executeUpdate();
            }
        }

        ServiceMigrations.asRuntimeRole(db, "latest", "classpath:db/migration").migrate();

        assertEquals(1, db.count("SELECT count(*) FROM consent_projection_guardian WHERE child_id = ?", child));
        assertEquals(1, db.count("SELECT count(*) FROM consent_projection_guardian WHERE child_id = ? AND parent_id = ? AND changed_at = ?",
                child, parent, Timestamp.from(earlier.plusSeconds(60))));
        assertEquals(1, db.count("SELECT count(*) FROM consent_projection_guardian WHERE child_id = ? AND parent_id = ?", other, other));
    }
}

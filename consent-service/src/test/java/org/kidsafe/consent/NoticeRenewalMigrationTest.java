package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.testsupport.BoundSql.execute;
import static org.kidsafe.testsupport.BoundSql.query;

/**
 * A running installation migrates to material notice changes (issue 19 item 3, V18) from the previous release's data
 * (V16): no published version becomes material and no consent needs renewal, so nothing lapses because of the upgrade.
 */
class NoticeRenewalMigrationTest {

    private static final Instant GRANTED = Instant.parse("2026-10-01T08:00:00Z");
    private static final String HASH = "b".repeat(64);

    @Test
    void existingNoticesAreNotMaterialAndExistingConsentsStayValid() throws SQLException {
        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase("consent_notice_renewal_migration");
        ServiceMigrations.asOwner(owned, "16", "classpath:db/migration").migrate();
        ServiceDatabase db = owned.runtime();
        UUID consent = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            execute(connection, "INSERT INTO notice (version, content_hash, text, published_at) VALUES (1, ?, 'The first notice', ?)", "a".repeat(64), GRANTED);
            execute(connection, "INSERT INTO notice (version, content_hash, text, published_at) VALUES (2, ?, 'The notice', ?)", HASH, GRANTED);
            execute(connection, """
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, notice_hash, notice_sent_at,
                                                verification_method, assurance_level, granted_at)
                    VALUES (?, ?, ?, 'PHOTOS', 1, ?, ?, 'email-plus', 1, ?)""", consent, UUID.randomUUID(), UUID.randomUUID(),
                    "a".repeat(64), GRANTED, GRANTED);
        }

        // This release, migrated as the owner.
        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            try (ResultSet rows = query(connection, "SELECT version, material_at FROM notice ORDER BY version")) {
                int versions = 0;
                while (rows.next()) {
                    versions++;
                    assertNull(rows.getTimestamp("material_at"), "version " + rows.getInt("version") + " became material");
                }
                assertEquals(2, versions);
            }
            try (ResultSet row = query(connection, """
                    SELECT notice_version, notice_hash, notice_sent_at, revoked_at, renewal_due_at, renewal_mailed_at
                      FROM consent_record WHERE id = ?""", consent)) {
                assertTrue(row.next());
                assertEquals(1, row.getInt("notice_version"));
                assertEquals("a".repeat(64), row.getString("notice_hash"));
                assertEquals(Timestamp.from(GRANTED), row.getTimestamp("notice_sent_at"));
                assertNull(row.getTimestamp("revoked_at"));
                assertNull(row.getTimestamp("renewal_due_at"), "an existing consent needs no renewal");
                assertNull(row.getTimestamp("renewal_mailed_at"));
            }
        }
    }
}

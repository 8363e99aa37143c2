package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.testsupport.BoundSql.execute;
import static org.kidsafe.testsupport.BoundSql.query;

/**
 * A running installation migrates to the mailed notice of issue 19 item 2 (V16) from the previous release's data (V15):
 * nothing was mailed before, so existing consents keep the version and hash they were granted under and read as "not
 * sent", and existing verifications and pending codes name no mailed notice; nothing claims a delivery that never happened.
 */
class NoticeSentMigrationTest {

    private static final Instant GRANTED = Instant.parse("2026-06-01T08:00:00Z");
    private static final String HASH = "a".repeat(64);

    @Test
    void existingRowsKeepTheirNoticeAndNameNoneAsSent() throws SQLException {
        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase("consent_notice_sent_migration");
        ServiceMigrations.asOwner(owned, "15", "classpath:db/migration").migrate();
        ServiceDatabase db = owned.runtime();
        UUID parent = UUID.randomUUID();
        UUID consent = UUID.randomUUID();
        UUID challenge = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            execute(connection, "INSERT INTO notice (version, content_hash, text, published_at) VALUES (3, ?, 'The notice', ?)", HASH, GRANTED);
            execute(connection, """
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, notice_hash, verification_method,
                                                assurance_level, granted_at)
                    VALUES (?, ?, ?, 'PHOTOS', 3, ?, 'email-plus', 1, ?)""", consent, UUID.randomUUID(), parent, HASH, GRANTED);
            execute(connection, """
                    INSERT INTO parent_verification (id, parent_id, method, assurance_level, verified_at)
                    VALUES (?, ?, 'email-plus', 1, ?)""", UUID.randomUUID(), parent, GRANTED);
            execute(connection, "INSERT INTO parent_contact (parent_id, email, created_at) VALUES (?, 'parent@example.org', ?)", parent, GRANTED);
            execute(connection, """
                    INSERT INTO email_challenge (id, parent_id, code_hash, attempts, created_at, expires_at)
                    VALUES (?, ?, ?, 0, ?, ?)""", challenge, parent, HASH, GRANTED, GRANTED.plusSeconds(900));
        }

        // This release, migrated as the owner.
        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            try (ResultSet row = query(connection, "SELECT notice_version, notice_hash, notice_sent_at FROM consent_record WHERE id = ?", consent)) {
                assertTrue(row.next());
                assertEquals(3, row.getInt("notice_version"));
                assertEquals(HASH, row.getString("notice_hash"));
                assertNull(row.getTimestamp("notice_sent_at"), "no notice was mailed before V16");
            }
            try (ResultSet row = query(connection, "SELECT notice_version, notice_hash, notice_sent_at FROM parent_verification WHERE parent_id = ?", parent)) {
                assertTrue(row.next());
                assertNull(row.getObject("notice_version"));
                assertNull(row.getString("notice_hash"));
                assertNull(row.getTimestamp("notice_sent_at"));
            }
            try (ResultSet row = query(connection, "SELECT notice_version, notice_hash FROM email_challenge WHERE id = ?", challenge)) {
                assertTrue(row.next());
                assertNull(row.getObject("notice_version"));
                assertNull(row.getString("notice_hash"));
            }
        }
    }
}

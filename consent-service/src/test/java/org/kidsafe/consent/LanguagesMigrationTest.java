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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.testsupport.BoundSql.execute;
import static org.kidsafe.testsupport.BoundSql.query;

/**
 * A running installation migrates to two languages (issue 19 item 10, V22) from the previous release's data (V19): its
 * notice versions and consents stay as they were, read as English; the same English text with its Spanish translation
 * can then be published as the next version, and a version is still unique per pair of texts.
 */
class LanguagesMigrationTest {

    private static final Instant PUBLISHED = Instant.parse("2026-11-01T08:00:00Z");
    private static final String HASH = "c".repeat(64);
    private static final String HASH_ES = "d".repeat(64);

    @Test
    void existingNoticesAndConsentsStayEnglishAndTheSpanishTextIsTheNextVersion() throws SQLException {
        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase("consent_languages_migration");
        ServiceMigrations.asOwner(owned, "19", "classpath:db/migration").migrate();
        ServiceDatabase db = owned.runtime();
        UUID consent = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            execute(connection, "INSERT INTO notice (version, content_hash, text, published_at) VALUES (1, ?, 'The notice', ?)", HASH, PUBLISHED);
            execute(connection, """
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, notice_hash, notice_sent_at,
                                                verification_method, assurance_level, granted_at)
                    VALUES (?, ?, ?, 'PHOTOS', 1, ?, ?, 'email-plus', 1, ?)""", consent, UUID.randomUUID(), UUID.randomUUID(),
                    HASH, PUBLISHED, PUBLISHED);
        }

        // This release, migrated as the owner.
        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            try (ResultSet row = query(connection, "SELECT content_hash, text, text_es, content_hash_es FROM notice WHERE version = 1")) {
                assertTrue(row.next());
                assertEquals(HASH, row.getString("content_hash"));
                assertEquals("The notice", row.getString("text"));
                assertNull(row.getString("text_es"), "published in English only");
                assertNull(row.getString("content_hash_es"));
            }
            try (ResultSet row = query(connection, "SELECT notice_version, notice_hash, notice_language FROM consent_record WHERE id = ?", consent)) {
                assertTrue(row.next());
                assertEquals(1, row.getInt("notice_version"));
                assertEquals(HASH, row.getString("notice_hash"));
                assertNull(row.getString("notice_language"), "sent before languages: English");
            }
            execute(connection, """
                    INSERT INTO notice (version, content_hash, text, text_es, content_hash_es, published_at)
                    VALUES (2, ?, 'The notice', 'El aviso', ?, ?)""", HASH, HASH_ES, PUBLISHED);
            assertThrows(SQLException.class, () -> execute(connection, """
                    INSERT INTO notice (version, content_hash, text, text_es, content_hash_es, published_at)
                    VALUES (3, ?, 'The notice', 'El aviso', ?, ?)""", HASH, HASH_ES, PUBLISHED), "one version per pair of texts");
        }
    }
}

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
 * A running installation migrates to reports that state T1 and T2 per store (issue 18 item 1, V8) from the previous
 * release's data (V5): an answer accepted before keeps its report and digest and states no stores, which is what the
 * receipt then says for it (a version 1 report stated none).
 */
class ErasureAnswerStoresMigrationTest {

    private static final Instant THEN = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void answersAcceptedBeforeKeepTheirReportAndStateNoStores() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("consent_stores_migration");
        ServiceMigrations.asRuntimeRole(db, "5", "classpath:db/migration").migrate();
        UUID erasure = UUID.randomUUID();
        UUID answer = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            try (PreparedStatement request = connection.prepareStatement("""
                    INSERT INTO erasure_request (id, child_id, parent_id, categories, status, requested_at, last_asked_at, times_asked,
                                                 own_erased, own_completed_at, version)
                    VALUES (?, ?, ?, 'CHAT', 'PENDING', ?, ?, 1, '{}', ?, 0)""")) {
                request.setObject(1, erasure);
                request.setObject(2, UUID.randomUUID());
                request.setObject(3, UUID.randomUUID());
                for (int i = 4; i <= 6; i++) {
                    request.setTimestamp(i, Timestamp.from(THEN));
                }
                request.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO erasure_answer (id, erasure_id, service, report, report_digest, erased, method, report_completed_at, received_at)
                    VALUES (?, ?, 'media-service', 'a.b.c', 'digest', '{"chat-message":1}', 'rows deleted', ?, ?)""")) {
                insert.setObject(1, answer);
                insert.setObject(2, erasure);
                insert.setTimestamp(3, Timestamp.from(THEN));
                insert.setTimestamp(4, Timestamp.from(THEN));
                insert.executeUpdate();
            }
        }

        // This release: the database handed over to its owner (as ./kidsafe up does) and migrated as the owner.
        ServiceMigrations.asOwner(RealInfrastructure.shared().ownedDatabase("consent_stores_migration"), "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT report, report_digest, erased, stores FROM erasure_answer WHERE id = ?")) {
            query.setObject(1, answer);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals("a.b.c", row.getString("report"));
                assertEquals("digest", row.getString("report_digest"));
                assertEquals("{\"chat-message\":1}", row.getString("erased"));
                assertNull(row.getString("stores"));
            }
        }
    }
}

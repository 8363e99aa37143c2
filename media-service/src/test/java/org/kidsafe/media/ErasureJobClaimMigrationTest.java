package org.kidsafe.media;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V7 adds the worker's claim to the erasure jobs (issue 21 item 1) of an installation of the previous release (V5): a
 * job that release left pending is unclaimed, so the first worker to run takes it.
 */
class ErasureJobClaimMigrationTest {

    @Test
    void aPendingJobOfThePreviousReleaseIsUnclaimed() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("media_erasure_claim_migration");
        flyway(db, "5").migrate();
        UUID erasureId = UUID.randomUUID();
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO erasure_job (erasure_id, child_id, categories, requested_at, key_destroyed, erased_counts)
                     VALUES (?, ?, 'VOICE', now(), false, '')""")) {
            insert.setObject(1, erasureId);
            insert.setObject(2, UUID.randomUUID());
            insert.executeUpdate();
        }

        flyway(db, "latest").migrate();

        assertEquals(1, db.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND completed_at IS NULL AND claimed_until IS NULL", erasureId));
    }

    private static Flyway flyway(ServiceDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }
}

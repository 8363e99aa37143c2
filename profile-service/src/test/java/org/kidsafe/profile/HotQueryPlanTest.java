package org.kidsafe.profile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.kidsafe.testsupport.QueryPlans.assertServedBy;

/**
 * Issue 21 item 6: with 100,000 children's profiles, toy bindings and pairing codes, each query profile-service runs per
 * request, per erasure or per purge batch is answered from an index, not by reading the table. The SQL is what Hibernate
 * sends for the repository method named above each (values bound, so the planner sees them as it does at run time); a
 * change to one of those queries is to be mirrored here.
 */
class HotQueryPlanTest {

    private static final Instant NOW = Instant.now();
    static ServiceDatabase db;

    @BeforeAll
    static void seed() throws SQLException {
        db = RealInfrastructure.shared().database("profile_query_plans");
        ServiceMigrations.asRuntimeRole(db, "latest", "classpath:db/migration").migrate();
        try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            // A profile, a toy (one in 10 unpaired) and a pairing code per child: codes valid 10 minutes, 4 in 5 redeemed after
            // one, issued over the last 28 hours (the purge deletes them a day after they are spent).
            sql.execute("""
                    INSERT INTO child_profile (child_id, parent_id, display_name, name_fingerprint, name_fingerprint_version, age_band,
                                               preferred_language, avatar, created_at, updated_at, last_activity_at)
                    SELECT md5('child' || i)::uuid, md5('parent' || i / 2)::uuid, '\\x00', decode(md5('name' || i), 'hex'), 2, 'AGE_5_7',
                           '\\x00', 'BEAR', now() - make_interval(mins => i), now(), now() - make_interval(mins => i)
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO toy_binding (id, child_id, parent_id, device_id, status, paired_at, ended_at, device_pseudonym)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, md5('parent' || i / 2)::uuid, 'toy-' || i,
                           CASE WHEN i % 10 = 0 THEN 'UNPAIRED' ELSE 'PAIRED' END, now() - make_interval(mins => i),
                           CASE WHEN i % 10 = 0 THEN now() END, md5('toy' || i) || 'abcdefghijk'
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO pairing_code (id, child_id, parent_id, code_hash, created_at, expires_at, redeemed_at)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, md5('parent' || i / 2)::uuid, decode(md5('code' || i), 'hex'),
                           now() - make_interval(secs => i), now() - make_interval(secs => i - 600),
                           CASE WHEN i % 5 <> 0 THEN now() - make_interval(secs => i - 60) END
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("ANALYZE");
        }
    }

    @Test
    void theErasureOfAChildDeletesByIndex() throws SQLException {
        UUID child = child(42);
        try (Connection connection = db.connect()) {
            // ErasureService.erase: profiles, bindings and codes by child, then the re-count of each
            assertServedBy(connection, List.of("child_profile_pkey"), "DELETE FROM child_profile WHERE child_id = ?", child);
            assertServedBy(connection, List.of("toy_binding_child_paired"), "DELETE FROM toy_binding WHERE child_id = ?", child);
            assertServedBy(connection, List.of("pairing_code_child"), "DELETE FROM pairing_code WHERE child_id = ?", child);
            assertServedBy(connection, List.of("toy_binding_child_paired"), "SELECT count(*) FROM toy_binding WHERE child_id = ?", child);
            assertServedBy(connection, List.of("pairing_code_child"), "SELECT count(*) FROM pairing_code WHERE child_id = ?", child);
        }
    }

    @Test
    void theToysOfAChildAndTheToyLookupsReadIndexes() throws SQLException {
        try (Connection connection = db.connect()) {
            // ToyBindingRepository.pageOfChild (GET /v1/children/{childId}/toys)
            assertServedBy(connection, List.of("toy_binding_child_paired"),
                    "SELECT * FROM toy_binding b WHERE b.child_id = ? ORDER BY b.paired_at, b.id LIMIT ?", child(42), 51);
            // ToyBindingRepository.pairedDevice (pairing) and pairedPseudonymOf (every toy request)
            assertServedBy(connection, List.of("toy_binding_one_active_per_device"),
                    "SELECT * FROM toy_binding b WHERE b.device_id = ? AND b.status = ? FOR NO KEY UPDATE", "toy-41", "PAIRED");
            assertServedBy(connection, List.of("toy_binding_paired_pseudonym", "toy_binding_child_paired"),
                    "SELECT * FROM toy_binding b WHERE b.child_id = ? AND b.device_pseudonym = ? AND b.status = ?",
                    child(41), "0123456789abcdef0123456789abcdefabcdefghijk", "PAIRED");
        }
    }

    @Test
    void thePurgesSelectByIndex() throws SQLException {
        try (Connection connection = db.connect()) {
            // PairingCodeRepository.spentBeforeForUpdate (PairingCodePurge)
            assertServedBy(connection, List.of("pairing_code_expires"), """
                            SELECT * FROM pairing_code c WHERE c.redeemed_at < ? OR c.expires_at < ?
                             ORDER BY c.expires_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED""",
                    NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(1)), 500);
            // ChildProfileRepository.inactiveSince (InactivityPurgeJob)
            assertServedBy(connection, List.of("child_profile_last_activity"),
                    "SELECT p.child_id FROM child_profile p WHERE p.last_activity_at < ? ORDER BY p.last_activity_at LIMIT ?",
                    NOW.minus(Duration.ofDays(60)), 200);
        }
    }

    /** The seeded child i: {@code md5('child' || i)::uuid}. */
    private static UUID child(int i) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(("child" + i).getBytes(StandardCharsets.UTF_8)));
            return new UUID(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

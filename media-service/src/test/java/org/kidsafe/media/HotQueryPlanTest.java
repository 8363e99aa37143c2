package org.kidsafe.media;

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
 * Issue 21 item 6: with 100,000 children's items, paired toys and erasure jobs, each query media-service runs per request,
 * per erasure or per purge batch is answered from an index, not by reading the table. The SQL is what Hibernate sends
 * for the repository method named above each (values bound, so the planner sees them as it does at run time); a change
 * to one of those queries is to be mirrored here.
 */
class HotQueryPlanTest {

    private static final Instant NOW = Instant.now();
    static ServiceDatabase db;

    @BeforeAll
    static void seed() throws SQLException {
        db = RealInfrastructure.shared().database("media_query_plans");
        ServiceMigrations.asRuntimeRole(db, "latest", "classpath:db/migration").migrate();
        try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            // Per child: a photo and a message to the child (one in 20 not fetched yet), a paired toy (one in 10 unpaired)
            // and an erasure job (one in 100 pending), spread over the last year.
            sql.execute("""
                    INSERT INTO media_item (id, child_id, category, kind, content_type, size_bytes, stored_at, blob_key,
                                            chat_direction, chat_ciphertext, delivered_at)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, 'PHOTOS', 'PHOTO', 'image/jpeg', 1000,
                           now() - make_interval(mins => i * 5), 'children/' || i || '/photo', NULL, NULL::bytea, NULL::timestamptz
                      FROM generate_series(1, 100000) AS i
                    UNION ALL
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, 'CHAT', 'CHAT', 'text/plain', 10,
                           now() - make_interval(mins => i * 5), NULL, 'TO_CHILD', '\\x00',
                           CASE WHEN i % 20 <> 0 THEN now() - make_interval(mins => i * 5 - 1) END
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO paired_device (device_pseudonym, child_id, paired, changed_at)
                    SELECT md5('toy' || i) || 'abcdefghijk', md5('child' || i)::uuid, i % 10 <> 0, now() - make_interval(mins => i)
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO erasure_job (erasure_id, child_id, categories, requested_at, key_destroyed, erased_counts, completed_at)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, 'PHOTOS,VOICE,CHAT', now() - make_interval(mins => i * 5),
                           i % 100 <> 0, '{}', CASE WHEN i % 100 <> 0 THEN now() - make_interval(mins => i * 5 - 1) END
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("ANALYZE");
        }
    }

    @Test
    void theErasureOfAChildDeletesByIndex() throws SQLException {
        UUID child = child(42);
        try (Connection connection = db.connect()) {
            // PairedDeviceRepository.deleteForChild (ErasureService): the child's toys
            assertServedBy(connection, List.of("paired_device_child"), "DELETE FROM paired_device WHERE child_id = ?", child);
            // MediaItemRepository.deleteForChild and countForChild (the erasure and its re-count)
            assertServedBy(connection, List.of("media_item_child", "media_item_child_page"),
                    "DELETE FROM media_item WHERE child_id = ? AND category IN (?, ?, ?)", child, "PHOTOS", "VOICE", "CHAT");
            assertServedBy(connection, List.of("media_item_child", "media_item_child_page"),
                    "SELECT count(*) FROM media_item m WHERE m.child_id = ? AND m.category IN (?, ?, ?)", child, "PHOTOS", "VOICE", "CHAT");
        }
    }

    @Test
    void theListsOfAChildAndTheToyCheckReadIndexes() throws SQLException {
        UUID child = child(42);
        try (Connection connection = db.connect()) {
            // MediaItemRepository.pageForChild (GET /v1/children/{childId}/media), all categories and one
            assertServedBy(connection, List.of("media_item_child_page"),
                    "SELECT * FROM media_item m WHERE m.child_id = ? ORDER BY m.stored_at, m.id LIMIT ?", child, 51);
            assertServedBy(connection, List.of("media_item_child"),
                    "SELECT * FROM media_item m WHERE m.child_id = ? AND m.category = ? ORDER BY m.stored_at, m.id LIMIT ?",
                    child, "PHOTOS", 51);
            // MediaItemRepository.undeliveredToChild (the toy's inbox)
            assertServedBy(connection, List.of("media_item_inbox"), """
                            SELECT * FROM media_item m WHERE m.child_id = ? AND m.chat_direction = ? AND m.delivered_at IS NULL
                             ORDER BY m.stored_at, m.id LIMIT ?""", child, "TO_CHILD", 51);
            // PairedDeviceRepository.isPaired (every toy request)
            assertServedBy(connection, List.of("paired_device_pkey", "paired_device_child"),
                    "SELECT count(*) FROM paired_device d WHERE d.device_pseudonym = ? AND d.child_id = ? AND d.paired = true",
                    "0123456789abcdef0123456789abcdefabcdefghijk", child);
        }
    }

    @Test
    void thePurgesSelectByIndex() throws SQLException {
        try (Connection connection = db.connect()) {
            // MediaItemRepository.expired (RetentionPurgeService)
            assertServedBy(connection, List.of("media_item_retention"),
                    "SELECT * FROM media_item m WHERE m.category = ? AND m.stored_at < ? ORDER BY m.stored_at LIMIT ?",
                    "CHAT", NOW.minus(Duration.ofDays(300)), 500);
            // ErasureTaskRepository.completedBeforeForUpdate (ErasureTaskPurge)
            assertServedBy(connection, List.of("erasure_job_completed"), """
                            SELECT * FROM erasure_job j WHERE j.completed_at < ?
                             ORDER BY j.completed_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED""",
                    NOW.minus(Duration.ofDays(300)), 500);
            // ErasureTaskRepository.claimableForUpdate (ErasureWorker, woken by a commit or ErasureRetryJob)
            assertServedBy(connection, List.of("erasure_job_pending"), """
                            SELECT * FROM erasure_job j WHERE j.completed_at IS NULL AND (j.claimed_until IS NULL OR j.claimed_until < ?)
                             ORDER BY j.requested_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                    NOW, 10);
            // The same while the worker is erasing other children (their jobs are left for later)
            assertServedBy(connection, List.of("erasure_job_pending"), """
                            SELECT * FROM erasure_job j WHERE j.completed_at IS NULL AND (j.claimed_until IS NULL OR j.claimed_until < ?)
                             AND j.child_id NOT IN (?, ?) ORDER BY j.requested_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                    NOW, child(1), child(2), 4);
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

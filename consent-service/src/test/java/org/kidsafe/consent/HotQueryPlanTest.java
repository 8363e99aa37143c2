package org.kidsafe.consent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.kidsafe.testsupport.QueryPlans.assertServedBy;

/**
 * Issue 21 item 6: with 100,000 children's rows (and their parents', consents, forms, erasures and ledger entries) each
 * query consent-service runs per request, per erasure or per purge batch is answered from an index, not by reading the
 * table. The SQL is what Hibernate sends for the repository method named above each (values bound, so the planner
 * sees them as it does at run time); a change to one of those queries is to be mirrored here.
 */
class HotQueryPlanTest {

    private static final long LAST_SEQ = 100_000;
    private static final Instant NOW = Instant.now();
    private static OwnedDatabase db;

    @BeforeAll
    static void seed() throws SQLException {
        db = RealInfrastructure.shared().ownedDatabase("consent_query_plans");
        ServiceMigrations.asOwner(db, "latest", "classpath:db/migration").migrate();
        try (Connection connection = db.owner().connect(); Statement sql = connection.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            // Two children per parent; a parent in 50 has not finished verification, in the last 8 days (the purge removes older
            // ones every day); a child in 10 revoked a consent; a saga in 100 is pending.
            sql.execute("""
                    INSERT INTO child (id, created_at)
                    SELECT md5('child' || i)::uuid, now() - make_interval(mins => i * 5)
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO child_guardian (child_id, parent_id, child_created_at, added_at)
                    SELECT id, md5('parent' || i / 2)::uuid, created_at, created_at
                      FROM (SELECT md5('child' || i)::uuid AS id, i, now() - make_interval(mins => i * 5) AS created_at
                              FROM generate_series(1, 100000) AS i) AS c""");
            sql.execute("""
                    INSERT INTO notice (version, content_hash, text, published_at)
                    SELECT v, md5('notice' || v) || md5('notice' || v), 'notice', now() - make_interval(days => 400 - v)
                      FROM generate_series(1, 4) AS v""");
            sql.execute("""
                    INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, assurance_level, granted_at,
                                                revoked_at, notice_hash, verification_method)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, md5('parent' || i / 2)::uuid, category, 2 + i % 3, 2,
                           now() - make_interval(mins => i * 5), CASE WHEN i % 10 = 0 THEN now() END, repeat('a', 64), 'EMAIL_PLUS'
                      FROM generate_series(1, 100000) AS i, unnest(ARRAY['PHOTOS', 'CHAT']) AS category""");
            sql.execute("""
                    INSERT INTO parent_contact (parent_id, email, created_at, verified_at)
                    SELECT md5('parent' || p)::uuid, 'parent' || p || '@example.org',
                           CASE WHEN p % 50 <> 0 THEN now() - make_interval(mins => p * 10) ELSE now() - make_interval(hours => p % 192) END,
                           CASE WHEN p % 50 <> 0 THEN now() - make_interval(mins => p * 10 - 60) END
                      FROM generate_series(0, 50000) AS p""");
            sql.execute("""
                    INSERT INTO parent_verification (id, parent_id, method, assurance_level, verified_at, notice_version, notice_hash, notice_sent_at)
                    SELECT gen_random_uuid(), md5('parent' || p)::uuid, 'EMAIL_PLUS', 2, now() - make_interval(mins => p * 10 - 60),
                           2 + p % 3, repeat('a', 64), now() - make_interval(mins => p * 10 - 50)
                      FROM generate_series(0, 50000) AS p WHERE p % 50 <> 0""");
            sql.execute("""
                    INSERT INTO consent_form (id, parent_id, status, submitted_at, decided_at)
                    SELECT gen_random_uuid(), md5('parent' || p)::uuid, CASE WHEN p % 50 = 0 THEN 'PENDING' ELSE 'APPROVED' END,
                           now() - make_interval(mins => p * 10), CASE WHEN p % 50 <> 0 THEN now() - make_interval(mins => p * 10 - 60) END
                      FROM generate_series(0, 50000) AS p""");
            sql.execute("""
                    INSERT INTO erasure_request (id, child_id, parent_id, categories, status, requested_at, last_asked_at, times_asked,
                                                 own_erased, own_completed_at, completed_at, version)
                    SELECT gen_random_uuid(), md5('child' || i)::uuid, md5('parent' || i / 2)::uuid, 'PHOTOS,CHAT',
                           CASE WHEN i % 100 = 0 THEN 'PENDING' ELSE 'COMPLETED' END, now() - make_interval(mins => i * 5),
                           now() - make_interval(mins => i * 5), 1, '{}', now() - make_interval(mins => i * 5),
                           CASE WHEN i % 100 <> 0 THEN now() - make_interval(mins => i * 5 - 1) END, 0
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("INSERT INTO erasure_guardian (erasure_id, parent_id, requested_at) SELECT id, parent_id, requested_at FROM erasure_request");
            // The chain links all but the last 20 entries, whose transactions (written_by) are past the chainer's horizon.
            sql.execute("""
                    INSERT INTO ledger_entry (id, type, child_id, parent_id, details, occurred_at, written_by)
                    SELECT i, CASE WHEN i % 2 = 0 THEN 'CONSENT_GRANTED' ELSE 'CHILD_REGISTERED' END, md5('child' || i)::uuid,
                           md5('parent' || i / 2)::uuid, '{"noticeVersion":' || 2 + i % 3 || '}', now(),
                           CASE WHEN i > 99980 THEN pg_current_xact_id() ELSE '0' END
                      FROM generate_series(1, 100000) AS i""");
            sql.execute("""
                    INSERT INTO ledger_link (seq, entry_id, prev_hash, hash, horizon)
                    SELECT i, i, repeat('0', 64), repeat('0', 64), pg_current_xact_id()
                      FROM generate_series(1, 99980) AS i""");
            sql.execute("ANALYZE");
        }
    }

    @Test
    void theListsAndLookupsOfAParentAndAChildReadIndexes() throws SQLException {
        UUID parent = parent(21);
        try (Connection connection = db.owner().connect()) {
            // ChildRepository.pageForParent (GET /v1/children) and countForParent (the erasure's last-child check)
            assertServedBy(connection, List.of("child_guardian_parent", "child_pkey"), """
                    SELECT c.id, c.created_at FROM child_guardian g JOIN child c ON c.id = g.child_id WHERE g.parent_id = ?
                     ORDER BY g.child_created_at, g.child_id LIMIT ?""", parent, 51);
            assertServedBy(connection, List.of("child_guardian_parent"), "SELECT count(*) FROM child_guardian g WHERE g.parent_id = ?", parent);
            // ConsentRecordRepository.listForChildren: the consents of a page of children in one query, not one per child
            assertServedBy(connection, List.of("consent_record_child", "consent_record_child_granted", "consent_record_one_active"),
                    "SELECT * FROM consent_record r WHERE r.child_id IN (?, ?)", child(42), child(43));
            // ConsentRecordRepository.pageForChild (GET /v1/children/{childId}/consents)
            assertServedBy(connection, List.of("consent_record_child_granted"),
                    "SELECT * FROM consent_record r WHERE r.child_id = ? ORDER BY r.granted_at, r.id LIMIT ?", child(42), 51);
            // ConsentFormRepository.listForParent, countPending and deleteForParent (the parent's forms)
            assertServedBy(connection, List.of("consent_form_parent_status"),
                    "SELECT * FROM consent_form f WHERE f.parent_id = ? ORDER BY f.submitted_at", parent);
            assertServedBy(connection, List.of("consent_form_parent_status"),
                    "SELECT count(*) FROM consent_form f WHERE f.parent_id = ? AND f.status = ?", parent, "PENDING");
            // ParentVerificationRepository.listForParent
            assertServedBy(connection, List.of("parent_verification_parent", "parent_verification_parent_id_method_key"),
                    "SELECT * FROM parent_verification v WHERE v.parent_id = ? ORDER BY v.assurance_level DESC", parent);
            // ErasureRequestRepository (a child's erasures)
            assertServedBy(connection, List.of("erasure_request_child"),
                    "SELECT * FROM erasure_request e WHERE e.child_id = ? ORDER BY e.requested_at", child(42));
            // ErasureRequestRepository.pageForGuardian (GET /v1/erasures, newest first), first and later pages
            assertServedBy(connection, List.of("erasure_guardian_parent_requested"),
                    "SELECT e.* FROM erasure_guardian g JOIN erasure_request e ON e.id = g.erasure_id WHERE g.parent_id = ?"
                            + " ORDER BY g.requested_at DESC, g.erasure_id DESC LIMIT ?", parent, 51);
            assertServedBy(connection, List.of("erasure_guardian_parent_requested"),
                    "SELECT e.* FROM erasure_guardian g JOIN erasure_request e ON e.id = g.erasure_id WHERE g.parent_id = ?"
                            + " AND (g.requested_at < ? OR (g.requested_at = ? AND g.erasure_id < ?))"
                            + " ORDER BY g.requested_at DESC, g.erasure_id DESC LIMIT ?",
                    parent, NOW, NOW, UUID.randomUUID(), 51);
            // ErasureRequestRepository.heldBy (GET /v1/erasures/{id})
            assertServedBy(connection, List.of("erasure_guardian_pkey"),
                    "SELECT * FROM erasure_guardian g WHERE g.erasure_id = ? AND g.parent_id = ?", UUID.randomUUID(), parent);
        }
    }

    @Test
    void theErasureOfAChildDeletesByIndex() throws SQLException {
        try (Connection connection = db.owner().connect()) {
            // ConsentRecordRepository.listActiveForChild, then deleteForChild (ChildDeletionService)
            assertServedBy(connection, List.of("consent_record_child", "consent_record_child_granted", "consent_record_one_active"),
                    "SELECT * FROM consent_record r WHERE r.child_id = ? AND r.revoked_at IS NULL ORDER BY r.granted_at", child(42));
            assertServedBy(connection, List.of("consent_record_child", "consent_record_child_granted", "consent_record_one_active"),
                    "DELETE FROM consent_record WHERE child_id = ?", child(42));
            // ConsentFormRepository.deleteForParent (the contact of a parent whose last child is erased)
            assertServedBy(connection, List.of("consent_form_parent_status"), "DELETE FROM consent_form WHERE parent_id = ?", parent(21));
        }
    }

    @Test
    void thePurgesAndSweepsSelectByIndex() throws SQLException {
        try (Connection connection = db.owner().connect()) {
            // ParentContactRepository.listAbandoned (AbandonedSignUpPurge, in bounded, ordered batches). The planner
            // estimates the unverified sign-ups older than the cutoff from the whole table's ages (most contacts are old),
            // so even for one batch it hashes the verifications rather than probing them: parent_verification may be read
            // whole once per batch, parent_contact not.
            assertServedBy(connection, List.of("parent_contact_unverified_created"), Set.of("parent_verification"), """
                            SELECT c.parent_id FROM parent_contact c WHERE c.verified_at IS NULL AND c.created_at < ?
                               AND NOT EXISTS (SELECT 1 FROM parent_verification v WHERE v.parent_id = c.parent_id)
                             ORDER BY c.created_at LIMIT ?""",
                    NOW.minus(Duration.ofDays(7)), 100);
            // ConsentRecordRepository.pageGrantedBetween and pageRevokedBetween (the erasure replay's walk over the consents
            // changed since a backup or a consumer's gap): the span's changes, not the whole table, by keyset.
            assertServedBy(connection, List.of("consent_record_granted"),
                    "SELECT * FROM consent_record r WHERE r.granted_at >= ? AND r.granted_at <= ?"
                            + " AND (r.granted_at > ? OR (r.granted_at = ? AND r.id > ?)) ORDER BY r.granted_at, r.id LIMIT ?",
                    NOW.minus(Duration.ofDays(1)), NOW, NOW.minus(Duration.ofHours(12)), NOW.minus(Duration.ofHours(12)), UUID.randomUUID(), 200);
            assertServedBy(connection, List.of("consent_record_revoked"),
                    "SELECT * FROM consent_record r WHERE r.revoked_at >= ? AND r.revoked_at <= ? ORDER BY r.revoked_at, r.id LIMIT ?",
                    NOW.minus(Duration.ofDays(1)), NOW, 200);
            // ErasureRequestRepository.completedBeforeForUpdate (ErasureRecordPurge)
            assertServedBy(connection, List.of("erasure_request_status_completed"), """
                            SELECT * FROM erasure_request e WHERE e.status = ? AND e.completed_at < ?
                             ORDER BY e.completed_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED""",
                    "COMPLETED", NOW.minus(Duration.ofDays(300)), 100);
            // ErasureRequestRepository.listOverdue (OverdueErasureJob): pending sagas asked before a cutoff, one bounded
            // batch in request order. Served by the pending sagas' own index (V13), or by an index that starts with the
            // status; not by walking every saga in request order.
            assertServedBy(connection, List.of("erasure_request_pending_requested", "erasure_request_pending", "erasure_request_status_completed"),
                    "SELECT * FROM erasure_request e WHERE e.status = ? AND e.last_asked_at <= ? ORDER BY e.requested_at, e.id LIMIT ?",
                    "PENDING", NOW.minus(Duration.ofDays(1)), 100);
            // ConsentFormRepository.decidedBeforeWithoutContactForUpdate (ConsentFormRecordPurge). When the planner expects
            // (rightly, once the purge is up to date) that every candidate form's parent still has a contact, it hashes the
            // contacts once rather than probing them per form: parent_contact may be read whole, consent_form not.
            assertServedBy(connection, List.of("consent_form_decided"), Set.of("parent_contact"), """
                            SELECT * FROM consent_form f WHERE f.status <> ? AND f.decided_at < ?
                               AND NOT EXISTS (SELECT 1 FROM parent_contact c WHERE c.parent_id = f.parent_id)
                             ORDER BY f.decided_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED""",
                    "PENDING", NOW.minus(Duration.ofDays(300)), 100);
            // NoticeRepository.unnamedPublishedBefore (NoticePurge): the published notices are a few rows and may be read
            // whole; the ledger's grants are read whole too (no index on their JSON details; the ledger is pruned), and so are
            // the codes (only those of parents signing up now). The verifications and forms, one or more per parent, are not
            // (V16's and V19's indexes on the notice each names).
            assertServedBy(connection, List.of("consent_record_notice_version"), Set.of("notice", "ledger_entry", "email_challenge"), """
                            SELECT n.* FROM notice n
                             WHERE n.version <> ? AND n.published_at < ?
                               AND NOT EXISTS (SELECT 1 FROM consent_record c WHERE c.notice_version = n.version)
                               AND NOT EXISTS (SELECT 1 FROM parent_verification v WHERE v.notice_version = n.version)
                               AND NOT EXISTS (SELECT 1 FROM email_challenge m WHERE m.notice_version = n.version)
                               AND NOT EXISTS (SELECT 1 FROM consent_form f WHERE f.notice_version = n.version)
                               AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.type = ?
                                               AND CAST(e.details AS jsonb) ->> 'noticeVersion' = CAST(n.version AS text))
                             ORDER BY n.version LIMIT ?""",
                    4, NOW.minus(Duration.ofDays(30)), "CONSENT_GRANTED", 10);
            // LedgerLinkRepository.page (Ledger.verify reads the chain from the checkpoint in pages by seq, with each entry)
            assertServedBy(connection, List.of("ledger_link_pkey"), """
                            SELECT l.*, e.* FROM ledger_link l LEFT JOIN ledger_entry e ON e.id = l.entry_id
                             WHERE l.seq > ? ORDER BY l.seq LIMIT ?""", LAST_SEQ - 1_000, 500);
            // LedgerLinkRepository.unlinkedIds (each LedgerChain batch): only the entries written since the last horizon
            String horizon;
            try (Statement query = connection.createStatement();
                 ResultSet last = query.executeQuery("SELECT CAST(horizon AS text) FROM ledger_link ORDER BY seq DESC LIMIT 1")) {
                last.next();
                horizon = last.getString(1);
            }
            assertServedBy(connection, List.of("ledger_entry_written_by"), """
                            SELECT e.id FROM ledger_entry e
                             WHERE e.written_by >= CAST(? AS xid8)
                               AND NOT EXISTS (SELECT 1 FROM ledger_link l WHERE l.entry_id = e.id)
                             ORDER BY e.id LIMIT ?""", horizon, 501);
        }
    }

    /** The seeded child i: {@code md5('child' || i)::uuid}. */
    private static UUID child(int i) {
        return md5Uuid("child" + i);
    }

    /** The seeded parent p: {@code md5('parent' || p)::uuid}. */
    private static UUID parent(int p) {
        return md5Uuid("parent" + p);
    }

    private static UUID md5Uuid(String text) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
            return new UUID(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

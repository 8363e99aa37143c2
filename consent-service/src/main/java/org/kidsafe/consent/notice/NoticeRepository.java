package org.kidsafe.consent.notice;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class NoticeRepository implements PanacheRepositoryBase<Notice, Integer> {

    /** Replicas starting together must not both publish the same new version. */
    private static final long PUBLISH_LOCK = 0x6b6964736166654eL;

    /** Waits for the publish lock, held until the transaction ends. */
    public void lockForPublish() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:lock)").setParameter("lock", PUBLISH_LOCK).getSingleResult();
    }

    /** The version with this English text and this Spanish text (null: none), issue 19 item 10. */
    public Optional<Notice> findByHashes(String contentHash, String contentHashEs) {
        return contentHashEs == null
                ? find("contentHash = ?1 and contentHashEs is null", contentHash).firstResultOptional()
                : find("contentHash = ?1 and contentHashEs = ?2", contentHash, contentHashEs).firstResultOptional();
    }

    /**
     * Versions other than {@code current} published before the cutoff that no consent record, no verification, no code
     * and no consent form (the notice mailed with the code or the form, which the verification and later consents will
     * name; issue 19 item 2) and no ledger entry names any more (only a
     * grant's entry names one, as {@code noticeVersion}; the ledger's prune ends that), oldest first. Native for the ledger's
     * JSON details; every value is a bound parameter.
     */
    @SuppressWarnings("unchecked")
    public List<Notice> unnamedPublishedBefore(int current, Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        SELECT n.* FROM notice n
                         WHERE n.version <> :current AND n.published_at < :cutoff
                           AND NOT EXISTS (SELECT 1 FROM consent_record c WHERE c.notice_version = n.version)
                           AND NOT EXISTS (SELECT 1 FROM parent_verification v WHERE v.notice_version = n.version)
                           AND NOT EXISTS (SELECT 1 FROM email_challenge m WHERE m.notice_version = n.version)
                           AND NOT EXISTS (SELECT 1 FROM consent_form f WHERE f.notice_version = n.version)
                           AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.type = :granted
                                           AND CAST(e.details AS jsonb) ->> 'noticeVersion' = CAST(n.version AS text))
                         ORDER BY n.version LIMIT :limit""", Notice.class)
                .setParameter("current", current)
                .setParameter("cutoff", cutoff)
                .setParameter("granted", LedgerType.CONSENT_GRANTED.name())
                .setParameter("limit", limit)
                .getResultList();
    }

    /** The newest version marked material (issue 19 item 3): consents under an older version need renewal. */
    public Optional<Notice> latestMaterial() {
        return find("materialAt is not null order by version desc").firstResultOptional();
    }

    public Optional<Notice> latest() {
        return find("order by version desc").firstResultOptional();
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentFormRepository implements PanacheRepositoryBase<ConsentForm, UUID> {

    /** The namespace of the per-parent upload lock (first key of the two-key advisory lock); the second is the parent's hash. */
    private static final int PARENT_UPLOAD_LOCK = 0x666f726d;

    public List<ConsentForm> listPending() {
        return list("status = ?1 order by submittedAt", ConsentForm.Status.PENDING);
    }

    public List<ConsentForm> listForParent(UUID parentId) {
        return list("parentId = ?1 order by submittedAt", parentId);
    }

    public long countPending(UUID parentId) {
        return count("parentId = ?1 and status = ?2", parentId, ConsentForm.Status.PENDING);
    }

    /**
     * Serialises the uploads of one parent until the transaction ends, on every replica, so that counting the pending
     * forms and adding one cannot interleave (two concurrent uploads cannot both pass the limit). Another parent whose
     * id hashes alike only waits a moment.
     */
    public void lockParentUploads(UUID parentId) {
        getEntityManager().createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:namespace, hashtext(:parent))) AS locked")
                .setParameter("namespace", PARENT_UPLOAD_LOCK)
                .setParameter("parent", parentId.toString())
                .getSingleResult();
    }

    /** Pending forms submitted before the cutoff, write-locked, skipping those another replica (or a decision) holds. */
    public List<ConsentForm> pendingSubmittedBeforeForUpdate(Instant cutoff, int limit) {
        return find("status = ?1 and submittedAt < ?2 order by submittedAt", ConsentForm.Status.PENDING, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** Expired forms whose parent has not been told yet, write-locked, skipping those another replica holds. */
    public List<ConsentForm> expiryNoticesDueForUpdate(int limit) {
        return find("expiryNoticeDue = true order by submittedAt")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /**
     * Decided or expired forms (their files are gone) decided before the cutoff whose parent has no contact data, oldest
     * first, write-locked, skipping those another replica holds.
     */
    public List<ConsentForm> decidedBeforeWithoutContactForUpdate(Instant cutoff, int limit) {
        return find("""
                from ConsentForm form
                where form.status <> ?1 and form.decidedAt < ?2
                  and not exists (select 1 from ParentContact contact where contact.parentId = form.parentId)
                order by form.decidedAt""", ConsentForm.Status.PENDING, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    public long deleteForParent(UUID parentId) {
        return delete("parentId", parentId);
    }
}

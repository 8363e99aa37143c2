package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;
import org.kidsafe.events.locks.TransactionLocks;
import org.kidsafe.commons.paging.PageRequest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentFormRepository implements PanacheRepositoryBase<ConsentForm, UUID> {

    /** The namespace of the per-parent upload lock (first key of the two-key advisory lock); the second is the parent's hash. */
    private static final int PARENT_UPLOAD_LOCK = 0x666f726d;

    private final TransactionLocks locks;

    ConsentFormRepository(TransactionLocks locks) {
        this.locks = locks;
    }

    /**
     * One page of the pending forms in submission order (submittedAt, id): keyset with bound parameters, served by the
     * index {@code consent_form_status_submitted} (V12).
     */
    public List<ConsentForm> pagePending(PageRequest page) {
        if (page.after() == null) {
            return find("status = ?1 order by submittedAt, id", ConsentForm.Status.PENDING).page(0, page.fetchSize()).list();
        }
        return find("status = ?1 and (submittedAt > ?2 or (submittedAt = ?2 and id > ?3)) order by submittedAt, id",
                ConsentForm.Status.PENDING, page.after().at(), page.after().id()).page(0, page.fetchSize()).list();
    }

    public List<ConsentForm> listForParent(UUID parentId) {
        return list("parentId = ?1 order by submittedAt", parentId);
    }

    public long countPending(UUID parentId) {
        return getEntityManager().createQuery("select count(*) from ConsentForm where parentId = ?1 and status = ?2", Long.class)
                .setParameter(1, parentId).setParameter(2, ConsentForm.Status.PENDING).getSingleResult();
    }

    /**
     * Serialises the uploads of one parent until the transaction ends, on every replica, so that counting the pending
     * forms and adding one cannot interleave (two concurrent uploads cannot both pass the limit). Another parent whose
     * id hashes alike only waits a moment.
     */
    public void lockParentUploads(UUID parentId) {
        locks.exclusive(PARENT_UPLOAD_LOCK, parentId.toString());
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

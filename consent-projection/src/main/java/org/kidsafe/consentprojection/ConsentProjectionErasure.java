package org.kidsafe.consentprojection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.inbox.InboxSettings;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Removes a deleted child from this service's consent projection (issue 18 item 5: no leftovers). The projection
 * and its guardian set are what link a parent to a child here ({@link ProjectedGuardians}), so once it forgets the child every route of
 * the child answers 404 to everyone, like an unknown child. A tombstone keeps consent events still in flight from
 * recreating the rows, until no such event can be delivered any more.
 */
@ApplicationScoped
public class ConsentProjectionErasure {

    private final EntityManager entityManager;
    private final ChildConsentLock lock;
    private final InboxSettings inbox;
    private final ProjectedGuardians guardians;
    private final Clock clock;

    ConsentProjectionErasure(EntityManager entityManager, ChildConsentLock lock, InboxSettings inbox, ProjectedGuardians guardians,
                             Clock clock) {
        this.entityManager = entityManager;
        this.guardians = guardians;
        this.lock = lock;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * In the erasure's transaction: deletes the child's rows, its guardian set included, and leaves the tombstone; returns
     * how many rows went.
     */
    @Transactional(TxType.MANDATORY)
    public long forget(UUID childId) {
        lock.exclusive(childId);
        entityManager.createNativeQuery("""
                        INSERT INTO consent_projection_erased (child_id, erased_at) VALUES (:childId, :erasedAt)
                        ON CONFLICT DO NOTHING""")
                .setParameter("childId", childId)
                .setParameter("erasedAt", clock.instant())
                .executeUpdate();
        return ConsentProjection.delete("key.childId", childId) + guardians.forget(childId);
    }

    /**
     * In a category erasure's transaction, before the service erases anything: the categories' consents ended at
     * {@code endedAt} (the revocation that started the erasure), so they are closed here even if the
     * {@code ConsentRevoked} event, on another topic, has not arrived yet. Takes the child's lock first, so that the
     * child's writes in flight commit before (and are erased) or check consent after (and are refused). A consent changed
     * later than {@code endedAt} (granted anew) is left alone; the revocation event, when it comes, changes nothing more.
     *
     * @return how many consents were still open here
     */
    @Transactional(TxType.MANDATORY)
    public int close(UUID childId, Set<DataCategory> categories, Instant endedAt) {
        lock.exclusive(childId);
        return entityManager.createNativeQuery("""
                        UPDATE consent_projection SET granted = false, changed_at = :endedAt
                        WHERE child_id = :childId AND category IN (:categories) AND granted AND changed_at < :endedAt""")
                .setParameter("endedAt", endedAt)
                .setParameter("childId", childId)
                .setParameter("categories", categories.stream().map(DataCategory::name).toList())
                .executeUpdate();
    }

    /** The re-check by query: no projection row of the child remains. */
    @Transactional(TxType.MANDATORY)
    public boolean holdsNothing(UUID childId) {
        return ConsentProjection.getEntityManager()
                .createQuery("select count(*) from ConsentProjection where key.childId = ?1", Long.class)
                .setParameter(1, childId).getSingleResult() == 0
                && guardians.guardiansOf(childId).isEmpty();
    }

    /**
     * Whether the child was erased here: its consent events are then ignored. Takes the child's lock first, so that a
     * consent event taken while the erasure's transaction is open waits for its commit and then sees the tombstone;
     * without it, a grant checked before that commit inserted a row the erasure never saw, and the report could not
     * claim "verified empty" until consent-service asked again (seen in the end-to-end privacy center journey).
     */
    @Transactional(TxType.MANDATORY)
    boolean isErased(UUID childId) {
        lock.exclusive(childId);
        return !entityManager.createNativeQuery("SELECT 1 FROM consent_projection_erased WHERE child_id = :childId")
                .setParameter("childId", childId)
                .getResultList().isEmpty();
    }

    /**
     * Deletes the tombstones older than the topic retention ({@code kidsafe.inbox.keep-for}): no consent event from
     * before such an erasure can be delivered any more. In bounded batches, one transaction each, until none is left;
     * replicas share the work (rows another replica holds are skipped). Called by {@code ConsentProjectionPruneJob}.
     *
     * @return how many tombstones went
     */
    public long pruneTombstones() {
        Instant cutoff = clock.instant().minus(inbox.keepFor());
        long pruned = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                            DELETE FROM consent_projection_erased WHERE child_id IN (
                                SELECT child_id FROM consent_projection_erased WHERE erased_at < :cutoff
                                ORDER BY erased_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                    .setParameter("cutoff", cutoff)
                    .setParameter("batch", inbox.pruneBatch())
                    .executeUpdate());
            pruned += batch;
        } while (batch == inbox.pruneBatch());
        return pruned;
    }
}

package org.kidsafe.consent.erasure;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;
import org.kidsafe.commons.paging.PageRequest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ErasureRequestRepository implements PanacheRepositoryBase<ErasureRequest, UUID> {

    /** At most {@code limit} pending sagas last asked at or before {@code askedBefore}, oldest first. */
    public List<ErasureRequest> listOverdue(Instant askedBefore, int limit) {
        return find("status = ?1 and lastAskedAt <= ?2 order by requestedAt, id", ErasureRequest.Status.PENDING, askedBefore)
                .page(0, limit).list();
    }

    /**
     * One page of the sagas requested from {@code since} to {@code until} (both included), in (requestedAt, id) order,
     * after {@code after} (null: from the first); what the erasure replay after a restore walks through (index of V9).
     */
    public List<ErasureRequest> pageRequestedBetween(Instant since, Instant until, ErasureRequest after, int limit) {
        if (after == null) {
            return find("requestedAt >= ?1 and requestedAt <= ?2 order by requestedAt, id", since, until).page(0, limit).list();
        }
        return find("requestedAt <= ?1 and (requestedAt > ?2 or (requestedAt = ?2 and id > ?3)) order by requestedAt, id",
                until, after.requestedAt, after.id).page(0, limit).list();
    }

    /** Sagas completed before the cutoff, oldest first, write-locked, skipping those another replica holds. */
    public List<ErasureRequest> completedBeforeForUpdate(Instant cutoff, int limit) {
        return find("status = ?1 and completedAt < ?2 order by completedAt", ErasureRequest.Status.COMPLETED, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /**
     * One page of the sagas of the children a parent was a guardian of when each started (issue 19 item 4), newest first
     * (requestedAt, id descending), after the request's cursor, at most {@link PageRequest#fetchSize()}: keyset with bound
     * parameters, served by the index {@code erasure_guardian_parent_requested} (V23).
     */
    public List<ErasureRequest> pageForGuardian(UUID parentId, PageRequest page) {
        String after = page.after() == null ? "" : " and (g.requestedAt < :at or (g.requestedAt = :at and g.erasureId < :id))";
        var query = getEntityManager().createQuery("select r from ErasureGuardian g join ErasureRequest r on r.id = g.erasureId"
                        + " where g.parentId = :parentId" + after + " order by g.requestedAt desc, g.erasureId desc", ErasureRequest.class)
                .setParameter("parentId", parentId)
                .setMaxResults(page.fetchSize());
        if (page.after() != null) {
            query.setParameter("at", page.after().at()).setParameter("id", page.after().id());
        }
        return query.getResultList();
    }

    /** Whether the parent was a guardian of the child when the saga started. */
    public boolean heldBy(UUID erasureId, UUID parentId) {
        ErasureGuardian.Key key = new ErasureGuardian.Key();
        key.erasureId = erasureId;
        key.parentId = parentId;
        return getEntityManager().find(ErasureGuardian.class, key) != null;
    }

    public List<ErasureRequest> listForChild(UUID childId) {
        return list("childId = ?1 order by requestedAt", childId);
    }
}

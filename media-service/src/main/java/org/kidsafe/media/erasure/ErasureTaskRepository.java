package org.kidsafe.media.erasure;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ErasureTaskRepository implements PanacheRepositoryBase<ErasureTask, UUID> {

    /**
     * At most {@code limit} erasures not completed and not held by a worker at {@code now}, oldest first, write-locked,
     * skipping those another replica is claiming at this moment ({@code FOR UPDATE SKIP LOCKED}) and those of
     * {@code busyChildren} (children this replica's worker is erasing already, so one child's jobs run one at a time).
     */
    public List<ErasureTask> claimableForUpdate(Instant now, Collection<UUID> busyChildren, int limit) {
        String claimable = "completedAt is null and (claimedUntil is null or claimedUntil < ?1)";
        PanacheQuery<ErasureTask> query = busyChildren.isEmpty()
                ? find(claimable + " order by requestedAt", now)
                : find(claimable + " and childId not in ?2 order by requestedAt", now, busyChildren);
        return query.withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /**
     * Extends the claims a live worker still holds to {@code until}; a job released or completed meanwhile is left alone
     * (its claim is null, or it is done), so a renewal never re-claims what its worker let go.
     */
    public int renew(Collection<UUID> erasureIds, Instant until) {
        return update("claimedUntil = ?1 where erasureId in ?2 and completedAt is null and claimedUntil is not null", until, erasureIds);
    }

    /** Lets other workers take the erasure again (it failed, or is not verified yet); a completed one stays as it is. */
    public int release(UUID erasureId) {
        return update("claimedUntil = null where erasureId = ?1 and completedAt is null", erasureId);
    }

    /**
     * The erasure if it is still pending and no other replica holds it: write-locked until the caller's transaction
     * ends ({@code FOR UPDATE SKIP LOCKED}), so two replicas never work on one job's step at once (issue 21 item 1).
     */
    public Optional<ErasureTask> claimPending(UUID erasureId) {
        return find("erasureId = ?1 and completedAt is null", erasureId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .firstResultOptional();
    }

    /** Ids of erasures completed before the cutoff, oldest first, write-locked, skipping those another replica holds. */
    public List<UUID> completedBeforeForUpdate(Instant cutoff, int limit) {
        return find("completedAt < ?1 order by completedAt", cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list().stream().map(job -> job.erasureId).toList();
    }
}

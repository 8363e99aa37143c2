package org.kidsafe.media.erasure;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ErasureTaskRepository implements PanacheRepositoryBase<ErasureTask, UUID> {

    /** Erasures not completed yet, oldest first (each is claimed by {@link #claimPending} before any work). */
    public List<UUID> pendingIds() {
        return getEntityManager()
                .createQuery("select j.erasureId from ErasureTask j where j.completedAt is null order by j.requestedAt", UUID.class)
                .getResultList();
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

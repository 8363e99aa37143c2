package org.kidsafe.profile.pairing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ToyIdentityWithdrawalRepository implements PanacheRepositoryBase<ToyIdentityWithdrawal, UUID> {

    /** Due rows, locked and skipping those another replica holds (they are claimed by pushing {@code due_at}). */
    public List<ToyIdentityWithdrawal> dueForUpdate(Instant now, int limit) {
        return find("dueAt <= ?1 order by dueAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** The one row, if due and not held by another replica. */
    public List<ToyIdentityWithdrawal> dueForUpdate(UUID id, Instant now) {
        return find("id = ?1 and dueAt <= ?2", id, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .list();
    }
}

package org.kidsafe.consent.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountDeletionRepository implements PanacheRepositoryBase<AccountDeletion, UUID> {

    /** At most {@code limit} deletions due at {@code now}, locked, skipping rows another replica holds. */
    public List<AccountDeletion> dueForUpdate(Instant now, int limit) {
        return find("dueAt <= ?1 order by dueAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** The parent's deletion if due at {@code now}, locked, unless another replica holds it. */
    public List<AccountDeletion> dueForUpdate(UUID parentId, Instant now) {
        return find("parentId = ?1 and dueAt <= ?2", parentId, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .list();
    }
}

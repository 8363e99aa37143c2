package org.kidsafe.events.leases;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;

/**
 * The claim queries of a {@link LeasedRow} table: due rows under {@code FOR UPDATE SKIP LOCKED} (lock timeout -2),
 * so that replicas share the work instead of waiting on each other (issue 21 item 1).
 */
public interface LeasedRowRepository<E extends LeasedRow, ID> extends PanacheRepositoryBase<E, ID> {

    /** At most {@code limit} rows due at {@code now}, oldest due first, locked, skipping rows another replica holds. */
    default List<E> dueForUpdate(Instant now, int limit) {
        return find("dueAt <= ?1 order by dueAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** The one row, if due at {@code now}, locked, unless another replica holds it. */
    default List<E> dueForUpdate(ID id, Instant now) {
        return find("id(this) = ?1 and dueAt <= ?2", id, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .list();
    }
}

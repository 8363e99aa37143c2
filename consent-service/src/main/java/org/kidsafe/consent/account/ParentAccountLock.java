package org.kidsafe.consent.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.events.locks.TransactionLocks;

import java.util.UUID;

/**
 * One lock per parent over the start and end of their account ({@link TransactionLocks}, until the transaction ends, on
 * every replica): a child registered while the parent leaves, or while an idle parent is purged, was never erased
 * (issue 19 items 3 and 5 review). Registering a child takes it shared; leaving and the idle purge take it exclusively
 * and re-check for children under it.
 */
@ApplicationScoped
public class ParentAccountLock {

    /** Its namespace ("KSLV", first the leaving's own lock). */
    private static final int NAMESPACE = 0x4b53_4c56;

    private final TransactionLocks locks;

    ParentAccountLock(TransactionLocks locks) {
        this.locks = locks;
    }

    /** For leaving or purging the parent: waits for a child registration in flight, and any other leaving step. */
    @Transactional(TxType.MANDATORY)
    public void exclusive(UUID parentId) {
        locks.exclusive(NAMESPACE, parentId.toString());
    }

    /** For registering a child: many at once, none while the parent's leaving or purge decides. */
    @Transactional(TxType.MANDATORY)
    public void shared(UUID parentId) {
        locks.shared(NAMESPACE, parentId.toString());
    }
}

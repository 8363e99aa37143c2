package org.kidsafe.consentprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.kidsafe.events.locks.TransactionLocks;

import java.util.UUID;

/**
 * One lock per child over this service's consent projection, held until the transaction ends
 * ({@link TransactionLocks} on the id: two children sharing its hash only wait for each other).
 * Whatever changes what the projection says of a child (a consent event, an erasure) takes it exclusively; a write of
 * the child's data takes it shared before its consent check ({@link ConsentGate#requireForWriting}) and keeps it to its
 * commit. So a write either commits before the change (and the erasure that follows finds and erases it) or checks
 * consent after it (and is refused): none slips between an erasure's commit and its re-check (principle 1, issue 22's
 * revocation benchmark). An advisory lock, not a row lock: it writes nothing, so a consent check stays a read.
 */
@ApplicationScoped
public class ChildConsentLock {

    /** Its namespace (first key), so that it never meets another advisory lock of the same database. */
    private static final int NAMESPACE = 0x4b53_4350;

    private final TransactionLocks locks;

    ChildConsentLock(TransactionLocks locks) {
        this.locks = locks;
    }

    /** For a change of what the projection says of the child: waits for the child's writes in flight. */
    @Transactional(TxType.MANDATORY)
    public void exclusive(UUID childId) {
        locks.exclusive(NAMESPACE, childId.toString());
    }

    /** For a write of the child's data: many at once, none while the projection's view of the child changes. */
    @Transactional(TxType.MANDATORY)
    public void shared(UUID childId) {
        locks.shared(NAMESPACE, childId.toString());
    }
}

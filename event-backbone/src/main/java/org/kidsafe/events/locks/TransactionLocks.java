package org.kidsafe.events.locks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * PostgreSQL advisory locks on a (namespace, key) pair, held until the caller's transaction ends, so they serialise
 * the same key on every replica (issue 21 item 1) and go with a crashed pod's connection. The key is hashed
 * ({@code hashtext}) into the second int: two keys sharing a hash only wait for each other a moment. Each user picks
 * its own namespace, so that its locks never meet another's; {@link org.kidsafe.events.jobs.JobLock} is the session-long
 * kind for scheduled jobs.
 */
@ApplicationScoped
public class TransactionLocks {

    private final EntityManager entityManager;

    TransactionLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Waits until no other transaction holds {@code key} in {@code namespace}, then holds it alone. */
    @Transactional(TxType.MANDATORY)
    public void exclusive(int namespace, String key) {
        take("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))) AS locked", namespace, key);
    }

    /** Waits until no transaction holds {@code key} exclusively, then holds it with any other shared holders. */
    @Transactional(TxType.MANDATORY)
    public void shared(int namespace, String key) {
        take("SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(:namespace, hashtext(:key))) AS locked", namespace, key);
    }

    private void take(String statement, int namespace, String key) {
        entityManager.createNativeQuery(statement)
                .setParameter("namespace", namespace)
                .setParameter("key", key)
                .getSingleResult();
    }
}

package org.kidsafe.consentprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.Guardians;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A child's guardians as this service's consent projection knows them: the set consent-service last announced
 * ({@code ChildGuardiansChanged}, issue 19 item 4), so a removed guardian is refused here within the projection's lag.
 * consent-service, the source of truth, has its own implementation. Also keeps that set, applied by
 * {@link ConsentProjector} under the child's lock.
 */
@ApplicationScoped
public class ProjectedGuardians implements Guardians {

    private final EntityManager entityManager;

    ProjectedGuardians(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<UUID> guardiansOf(UUID childId) {
        return Set.copyOf(entityManager.createNativeQuery("SELECT parent_id FROM consent_projection_guardian WHERE child_id = :childId", UUID.class)
                .setParameter("childId", childId)
                .getResultList());
    }

    /**
     * Replaces the child's set with {@code guardians} as of {@code changedAt}, unless a newer set is already here: the
     * whole set each time, so a duplicate or replay changes nothing.
     */
    @Transactional(TxType.MANDATORY)
    void replace(UUID childId, Set<UUID> guardians, Instant changedAt) {
        boolean newerHere = ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM consent_projection_guardian WHERE child_id = :childId AND changed_at > :changedAt")
                .setParameter("childId", childId)
                .setParameter("changedAt", changedAt)
                .getSingleResult()).longValue() > 0;
        if (newerHere) {
            return;
        }
        forget(childId);
        for (UUID parentId : guardians) {
            insert(childId, parentId, changedAt);
        }
    }

    /**
     * A child registered before guardian sets were announced has none here until its first consent: the granting parent,
     * who was its only possible guardian then, becomes it (what this service derived from consents before issue 19).
     */
    @Transactional(TxType.MANDATORY)
    void seedIfUnknown(UUID childId, UUID parentId, Instant changedAt) {
        if (guardiansOf(childId).isEmpty()) {
            insert(childId, parentId, changedAt);
        }
    }

    /** Deletes the child's set (its erasure); returns how many rows went. */
    @Transactional(TxType.MANDATORY)
    int forget(UUID childId) {
        return entityManager.createNativeQuery("DELETE FROM consent_projection_guardian WHERE child_id = :childId")
                .setParameter("childId", childId)
                .executeUpdate();
    }

    private void insert(UUID childId, UUID parentId, Instant changedAt) {
        entityManager.createNativeQuery("""
                        INSERT INTO consent_projection_guardian (child_id, parent_id, changed_at) VALUES (:childId, :parentId, :changedAt)""")
                .setParameter("childId", childId)
                .setParameter("parentId", parentId)
                .setParameter("changedAt", changedAt)
                .executeUpdate();
    }
}

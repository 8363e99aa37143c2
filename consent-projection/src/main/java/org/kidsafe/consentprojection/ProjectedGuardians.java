package org.kidsafe.consentprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.Guardians;

import java.util.Set;
import java.util.UUID;

/**
 * A child's guardians as this service's consent projection knows them: every parent a consent was
 * ever recorded by. consent-service, the source of truth, has its own implementation.
 */
@ApplicationScoped
public class ProjectedGuardians implements Guardians {

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<UUID> guardiansOf(UUID childId) {
        return Set.copyOf(ConsentProjection.getEntityManager()
                .createQuery("select distinct c.parentId from ConsentProjection c where c.key.childId = :childId", UUID.class)
                .setParameter("childId", childId)
                .getResultList());
    }
}

package org.kidsafe.profile.profile;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ChildProfileRepository implements PanacheRepositoryBase<ChildProfile, UUID> {

    public Optional<ChildProfile> findForUpdate(UUID childId) {
        return findByIdOptional(childId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether another child already uses a display name with this fingerprint. */
    public boolean nameTakenByAnother(byte[] fingerprint, UUID childId) {
        return count("nameFingerprint = ?1 and childId <> ?2", fingerprint, childId) > 0;
    }

    public boolean nameTaken(byte[] fingerprint) {
        return count("nameFingerprint", fingerprint) > 0;
    }

    public List<UUID> inactiveSince(Instant cutoff, int limit) {
        return getEntityManager()
                .createQuery("select p.childId from ChildProfile p where p.lastActivityAt < :cutoff order by p.lastActivityAt", UUID.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList();
    }
}

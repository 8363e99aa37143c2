package org.kidsafe.profile.profile;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;
import org.kidsafe.profile.crypto.Fingerprints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ChildProfileRepository implements PanacheRepositoryBase<ChildProfile, UUID> {

    public Optional<ChildProfile> findForUpdate(UUID childId) {
        return findByIdOptional(childId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether another child already uses a display name with either fingerprint (this scheme's and the previous one's). */
    public boolean nameTakenByAnother(NameFingerprints name, UUID childId) {
        return !getEntityManager()
                .createQuery("select 1 from ChildProfile where (nameFingerprint = ?1 or nameFingerprint = ?2) and childId <> ?3", Integer.class)
                .setParameter(1, name.current()).setParameter(2, name.previous()).setParameter(3, childId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    public boolean nameTaken(NameFingerprints name) {
        return !getEntityManager().createQuery("select 1 from ChildProfile where nameFingerprint = ?1 or nameFingerprint = ?2", Integer.class)
                .setParameter(1, name.current()).setParameter(2, name.previous()).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * Up to {@code limit} profiles after {@code after} whose name fingerprint is of the previous scheme, write-locked;
     * rows another replica's migration holds are skipped.
     */
    public List<ChildProfile> previousSchemeForUpdate(UUID after, int limit) {
        return getEntityManager()
                .createQuery("FROM ChildProfile p WHERE p.nameFingerprintVersion < :scheme AND p.childId > :after ORDER BY p.childId", ChildProfile.class)
                .setParameter("scheme", Fingerprints.SCHEME)
                .setParameter("after", after)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", Timeouts.SKIP_LOCKED_MILLI)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Whether any profile's name fingerprint is still of the previous scheme. */
    public boolean anyPreviousScheme() {
        return !getEntityManager().createQuery("select 1 from ChildProfile where nameFingerprintVersion < ?1", Integer.class)
                .setParameter(1, Fingerprints.SCHEME).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * At most {@code limit} profiles last used before {@code cutoff}, in (last activity, child) order, after {@code after}
     * (null: from the first): a purge pages on past a profile it could not erase rather than meet it again.
     */
    public List<Inactive> inactiveSince(Instant cutoff, Inactive after, int limit) {
        if (after == null) {
            return getEntityManager()
                    .createQuery("select p.childId, p.lastActivityAt from ChildProfile p where p.lastActivityAt < :cutoff"
                            + " order by p.lastActivityAt, p.childId", Inactive.class)
                    .setParameter("cutoff", cutoff)
                    .setMaxResults(limit)
                    .getResultList();
        }
        return getEntityManager()
                .createQuery("select p.childId, p.lastActivityAt from ChildProfile p where p.lastActivityAt < :cutoff"
                        + " and (p.lastActivityAt > :at or (p.lastActivityAt = :at and p.childId > :child))"
                        + " order by p.lastActivityAt, p.childId", Inactive.class)
                .setParameter("cutoff", cutoff)
                .setParameter("at", after.lastActivityAt())
                .setParameter("child", after.childId())
                .setMaxResults(limit)
                .getResultList();
    }

    /** A profile the inactivity purge found, and where the next page starts. */
    public record Inactive(UUID childId, Instant lastActivityAt) {
    }

    /** Whether the child's profile remains (the erasure's re-check). */
    public boolean anyOfChild(UUID childId) {
        return !getEntityManager().createQuery("select 1 from ChildProfile where childId = ?1", Integer.class)
                .setParameter(1, childId).setMaxResults(1).getResultList().isEmpty();
    }
}

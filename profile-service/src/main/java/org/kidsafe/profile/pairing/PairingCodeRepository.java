package org.kidsafe.profile.pairing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PairingCodeRepository implements PanacheRepositoryBase<PairingCode, UUID> {

    public Optional<PairingCode> findByHashForUpdate(byte[] codeHash) {
        return find("codeHash", codeHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public boolean existsByHash(byte[] codeHash) {
        return !getEntityManager().createQuery("select 1 from PairingCode where codeHash = ?1", Integer.class)
                .setParameter(1, codeHash).setMaxResults(1).getResultList().isEmpty();
    }

    public List<PairingCode> ofChild(UUID childId) {
        return list("childId = ?1 order by createdAt", childId);
    }

    /** Ids of codes redeemed or expired before the cutoff, write-locked, skipping those a redemption or another replica holds. */
    public List<UUID> spentBeforeForUpdate(Instant cutoff, int limit) {
        return find("redeemedAt < ?1 or expiresAt < ?1 order by expiresAt", cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list().stream().map(code -> code.id).toList();
    }

    /** Whether any pairing code of the child remains (the erasure's re-check). */
    public boolean anyOfChild(UUID childId) {
        return !getEntityManager().createQuery("select 1 from PairingCode where childId = ?1", Integer.class)
                .setParameter(1, childId).setMaxResults(1).getResultList().isEmpty();
    }
}

package org.kidsafe.profile.pairing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;
import org.kidsafe.commons.paging.PageRequest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ToyBindingRepository implements PanacheRepositoryBase<ToyBinding, UUID> {

    /** The device's current pairing, whichever child it is for. */
    public Optional<ToyBinding> pairedDevice(String deviceId) {
        return find("deviceId = ?1 and status = ?2", deviceId, ToyStatus.PAIRED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<ToyBinding> pairedDeviceOf(UUID childId, String deviceId) {
        return find("childId = ?1 and deviceId = ?2 and status = ?3", childId, deviceId, ToyStatus.PAIRED).firstResultOptional();
    }

    public List<ToyBinding> ofChild(UUID childId) {
        return list("childId = ?1 order by pairedAt", childId);
    }

    /**
     * One page of the child's pairings, current and past, in pairing order (pairedAt, id): keyset with bound parameters,
     * served by the index {@code toy_binding_child_paired} (V6).
     */
    public List<ToyBinding> pageOfChild(UUID childId, PageRequest page) {
        if (page.after() == null) {
            return find("childId = ?1 order by pairedAt, id", childId).page(0, page.fetchSize()).list();
        }
        return find("childId = ?1 and (pairedAt > ?2 or (pairedAt = ?2 and id > ?3)) order by pairedAt, id",
                childId, page.after().at(), page.after().id()).page(0, page.fetchSize()).list();
    }

    /** The toy's current pairing with the child, found by the pseudonym its token carries as {@code device_id}. */
    public Optional<ToyBinding> pairedPseudonymOf(UUID childId, String devicePseudonym) {
        return find("childId = ?1 and devicePseudonym = ?2 and status = ?3", childId, devicePseudonym, ToyStatus.PAIRED).firstResultOptional();
    }

    /** Bindings of the previous release that have no pseudonym yet, locked, skipping those another replica holds. */
    public List<ToyBinding> withoutPseudonymForUpdate(int limit) {
        return find("devicePseudonym is null order by pairedAt")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** Whether any binding of the child remains, paired or not (the erasure's re-check). */
    public boolean anyOfChild(UUID childId) {
        return !getEntityManager().createQuery("select 1 from ToyBinding where childId = ?1", Integer.class)
                .setParameter(1, childId).setMaxResults(1).getResultList().isEmpty();
    }
}

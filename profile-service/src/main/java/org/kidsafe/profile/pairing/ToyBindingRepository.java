package org.kidsafe.profile.pairing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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
}

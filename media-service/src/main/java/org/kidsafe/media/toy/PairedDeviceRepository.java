package org.kidsafe.media.toy;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class PairedDeviceRepository implements PanacheRepositoryBase<PairedDevice, String> {

    public boolean isPaired(String deviceId, UUID childId) {
        return count("deviceId = ?1 and childId = ?2 and paired = true", deviceId, childId) > 0;
    }

    public long deleteForChild(UUID childId) {
        return delete("childId", childId);
    }
}

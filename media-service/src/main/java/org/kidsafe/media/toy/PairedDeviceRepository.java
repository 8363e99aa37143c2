package org.kidsafe.media.toy;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class PairedDeviceRepository implements PanacheRepositoryBase<PairedDevice, String> {

    public boolean isPaired(String devicePseudonym, UUID childId) {
        return count("devicePseudonym = ?1 and childId = ?2 and paired = true", devicePseudonym, childId) > 0;
    }

    public long deleteForChild(UUID childId) {
        return delete("childId", childId);
    }
}

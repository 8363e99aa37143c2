package org.kidsafe.media.toy;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class PairedDeviceRepository implements PanacheRepositoryBase<PairedDevice, String> {

    public boolean isPaired(String devicePseudonym, UUID childId) {
        return !getEntityManager()
                .createQuery("select 1 from PairedDevice where devicePseudonym = ?1 and childId = ?2 and paired = true", Integer.class)
                .setParameter(1, devicePseudonym).setParameter(2, childId).setMaxResults(1).getResultList().isEmpty();
    }

    public long deleteForChild(UUID childId) {
        return delete("childId", childId);
    }
}

package org.kidsafe.media.erasure;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ErasureTaskRepository implements PanacheRepositoryBase<ErasureTask, UUID> {

    public List<UUID> pendingIds() {
        return getEntityManager()
                .createQuery("select j.erasureId from ErasureTask j where j.completedAt is null order by j.requestedAt", UUID.class)
                .getResultList();
    }
}

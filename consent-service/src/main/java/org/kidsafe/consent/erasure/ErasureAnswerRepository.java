package org.kidsafe.consent.erasure;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ErasureAnswerRepository implements PanacheRepositoryBase<ErasureAnswer, UUID> {

    public List<ErasureAnswer> listFor(UUID erasureId) {
        return list("erasureId = ?1 order by service", erasureId);
    }

    /** The answers to several sagas in one query (a page of them). */
    public List<ErasureAnswer> listForErasures(List<UUID> erasureIds) {
        return list("erasureId in ?1", erasureIds);
    }

    public long deleteForErasures(List<UUID> erasureIds) {
        return delete("erasureId in ?1", erasureIds);
    }

    public boolean exists(UUID erasureId, String service) {
        return !getEntityManager().createQuery("select 1 from ErasureAnswer where erasureId = ?1 and service = ?2", Integer.class)
                .setParameter(1, erasureId).setParameter(2, service).setMaxResults(1).getResultList().isEmpty();
    }
}

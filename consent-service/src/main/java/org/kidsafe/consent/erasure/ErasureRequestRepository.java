package org.kidsafe.consent.erasure;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ErasureRequestRepository implements PanacheRepositoryBase<ErasureRequest, UUID> {

    public List<ErasureRequest> listOverdue(Instant askedBefore) {
        return list("status = ?1 and lastAskedAt <= ?2 order by requestedAt", ErasureRequest.Status.PENDING, askedBefore);
    }

    public List<ErasureRequest> listForChild(UUID childId) {
        return list("childId = ?1 order by requestedAt", childId);
    }
}

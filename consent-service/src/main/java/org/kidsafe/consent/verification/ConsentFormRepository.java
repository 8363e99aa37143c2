package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentFormRepository implements PanacheRepositoryBase<ConsentForm, UUID> {

    public List<ConsentForm> listPending() {
        return list("status = ?1 order by submittedAt", ConsentForm.Status.PENDING);
    }

    public List<ConsentForm> listForParent(UUID parentId) {
        return list("parentId = ?1 order by submittedAt", parentId);
    }
}

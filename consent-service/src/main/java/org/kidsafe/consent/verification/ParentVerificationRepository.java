package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ParentVerificationRepository implements PanacheRepositoryBase<ParentVerification, UUID> {

    public List<ParentVerification> listForParent(UUID parentId) {
        return list("parentId = ?1 order by assuranceLevel desc", parentId);
    }

    public Optional<ParentVerification> find(UUID parentId, String method) {
        return find("parentId = ?1 and method = ?2", parentId, method).firstResultOptional();
    }
}

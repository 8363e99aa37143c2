package org.kidsafe.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.domain.EmailChallenge;

import java.util.UUID;

@ApplicationScoped
public class EmailChallengeRepository implements PanacheRepositoryBase<EmailChallenge, UUID> {

    public long deleteForParent(UUID parentId) {
        return delete("parentId", parentId);
    }
}

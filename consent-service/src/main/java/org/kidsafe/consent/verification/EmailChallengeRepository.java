package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class EmailChallengeRepository implements PanacheRepositoryBase<EmailChallenge, UUID> {

    public long deleteForParent(UUID parentId) {
        return delete("parentId", parentId);
    }
}

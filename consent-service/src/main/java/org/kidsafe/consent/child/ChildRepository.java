package org.kidsafe.consent.child;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ChildRepository implements PanacheRepositoryBase<Child, UUID> {

    public List<Child> listForParent(UUID parentId) {
        return list("parentId = ?1 order by createdAt", parentId);
    }

    public long countForParent(UUID parentId) {
        return count("parentId", parentId);
    }
}

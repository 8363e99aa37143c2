package org.kidsafe.consent.child;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.paging.PageRequest;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ChildRepository implements PanacheRepositoryBase<Child, UUID> {

    /**
     * One page of a parent's children in registration order (createdAt, id), the rows after the request's cursor, at most
     * {@link PageRequest#fetchSize()}: keyset with bound parameters, served by the index {@code child_parent_created} (V12).
     */
    public List<Child> pageForParent(UUID parentId, PageRequest page) {
        if (page.after() == null) {
            return find("parentId = ?1 order by createdAt, id", parentId).page(0, page.fetchSize()).list();
        }
        return find("parentId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                parentId, page.after().at(), page.after().id()).page(0, page.fetchSize()).list();
    }

    /** The ids of the parent's children, oldest first. */
    public List<UUID> idsForParent(UUID parentId) {
        return find("select c.id from Child c where c.parentId = ?1 order by c.createdAt, c.id", parentId).project(UUID.class).list();
    }

    public long countForParent(UUID parentId) {
        return count("parentId", parentId);
    }

    /** Whether the parent asked to leave and their leaving row is still there (issue 19 item 5). */
    public boolean isLeaving(UUID parentId) {
        return getEntityManager().createQuery("select count(l) from ParentLeaving l where l.parentId = :parentId", Long.class)
                .setParameter("parentId", parentId).getSingleResult() > 0;
    }
}

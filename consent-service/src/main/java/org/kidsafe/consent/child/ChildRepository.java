package org.kidsafe.consent.child;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.kidsafe.commons.paging.PageRequest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ChildRepository implements PanacheRepositoryBase<Child, UUID> {

    /**
     * One page of the children a parent is a guardian of, in registration order (createdAt, id), the rows after the
     * request's cursor, at most {@link PageRequest#fetchSize()}: keyset with bound parameters, served by the index
     * {@code child_guardian_parent} (V20).
     */
    public List<Child> pageForParent(UUID parentId, PageRequest page) {
        if (page.after() == null) {
            return find("""
                    select c from ChildGuardian g, Child c where c.id = g.childId and g.parentId = ?1
                    order by g.childCreatedAt, g.childId""", parentId).page(0, page.fetchSize()).list();
        }
        return find("""
                        select c from ChildGuardian g, Child c where c.id = g.childId and g.parentId = ?1
                          and (g.childCreatedAt > ?2 or (g.childCreatedAt = ?2 and g.childId > ?3))
                        order by g.childCreatedAt, g.childId""",
                parentId, page.after().at(), page.after().id()).page(0, page.fetchSize()).list();
    }

    /** How many children the parent is a guardian of. */
    public long countForParent(UUID parentId) {
        return getEntityManager().createQuery("select count(g) from ChildGuardian g where g.parentId = :parentId", Long.class)
                .setParameter("parentId", parentId).getSingleResult();
    }

    /** The ids of the children the parent alone is a guardian of, oldest first. */
    public List<UUID> idsHeldAloneBy(UUID parentId) {
        return getEntityManager().createQuery("""
                        select g.childId from ChildGuardian g where g.parentId = :parentId
                          and not exists (select o from ChildGuardian o where o.childId = g.childId and o.parentId <> :parentId)
                        order by g.childCreatedAt, g.childId""", UUID.class)
                .setParameter("parentId", parentId).getResultList();
    }

    /** The ids of the children the parent is a guardian of together with another parent, oldest first. */
    public List<UUID> idsSharedBy(UUID parentId) {
        return getEntityManager().createQuery("""
                        select g.childId from ChildGuardian g where g.parentId = :parentId
                          and exists (select o from ChildGuardian o where o.childId = g.childId and o.parentId <> :parentId)
                        order by g.childCreatedAt, g.childId""", UUID.class)
                .setParameter("parentId", parentId).getResultList();
    }

    /** The child, its row locked until commit: changes of its guardian set take turns (never none left). */
    public Optional<Child> findForUpdate(UUID childId) {
        return findByIdOptional(childId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The child's guardians, earliest first. */
    public List<ChildGuardian> guardiansOf(UUID childId) {
        return getEntityManager().createQuery("select g from ChildGuardian g where g.childId = :childId order by g.addedAt, g.parentId",
                        ChildGuardian.class)
                .setParameter("childId", childId).getResultList();
    }

    /** Whether the parent asked to leave and their leaving row is still there (issue 19 item 5). */
    public boolean isLeaving(UUID parentId) {
        return getEntityManager().createQuery("select count(l) from ParentLeaving l where l.parentId = :parentId", Long.class)
                .setParameter("parentId", parentId).getSingleResult() > 0;
    }
}

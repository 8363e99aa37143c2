package org.kidsafe.consent.leaving;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.erasure.ErasureRequest;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ParentLeavingRepository implements PanacheRepositoryBase<ParentLeaving, UUID> {

    /** Leaving parents whose records are still kept and none of whose erasures is pending: their receipts are due. */
    public List<UUID> ready(int limit) {
        return find("""
                        select l.parentId from ParentLeaving l
                        where l.dataDeletedAt is null
                          and not exists (select r from ErasureRequest r where r.parentId = l.parentId and r.status = ?1)
                        order by l.startedAt""", ErasureRequest.Status.PENDING)
                .project(UUID.class).page(0, limit).list();
    }

    /** Deletes the rows of parents whose records went and whose account is gone too. */
    public long deleteGone() {
        return getEntityManager().createQuery("""
                        delete from ParentLeaving l
                        where l.dataDeletedAt is not null
                          and not exists (select d from AccountDeletion d where d.parentId = l.parentId)""")
                .executeUpdate();
    }
}

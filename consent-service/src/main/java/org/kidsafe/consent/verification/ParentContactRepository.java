package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ParentContactRepository implements PanacheRepositoryBase<ParentContact, UUID> {

    public List<ParentContact> listRemindersDue(Instant now) {
        return list("reminderDueAt <= ?1 and reminderSentAt is null", now);
    }

    /** Sign-ups started before the cutoff by parents who never completed any verification. */
    public List<UUID> listAbandoned(Instant cutoff) {
        return find("select c.parentId from ParentContact c where c.verifiedAt is null and c.createdAt < ?1"
                + " and not exists (select v from ParentVerification v where v.parentId = c.parentId)", cutoff)
                .project(UUID.class).list();
    }
}

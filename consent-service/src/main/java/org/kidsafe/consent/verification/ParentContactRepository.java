package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ParentContactRepository implements PanacheRepositoryBase<ParentContact, UUID> {

    /** At most {@code limit} contacts whose revocation reminder is due, locked, skipping rows another replica holds. */
    public List<ParentContact> remindersDueForUpdate(Instant now, int limit) {
        return find("reminderDueAt <= ?1 and reminderSentAt is null order by reminderDueAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** At most {@code limit} sign-ups started before the cutoff by parents who never completed any verification. */
    public List<UUID> listAbandoned(Instant cutoff, int limit) {
        return find("select c.parentId from ParentContact c where c.verifiedAt is null and c.createdAt < ?1"
                + " and not exists (select v from ParentVerification v where v.parentId = c.parentId) order by c.createdAt", cutoff)
                .project(UUID.class).page(0, limit).list();
    }
    /**
     * Verified parents with a contact, last verified before {@code cutoff}, guardian of no child (nothing to seek consent
     * for; issue 18 item 5), not reminded since that verification; locked, skipping rows another replica holds. A
     * consent the parent granted does not count: it is the child's, held by its guardians ({@code child_guardian}, issue
     * 19 item 4), and stays with the child when the parent is removed from it.
     */
    public List<ParentContact> idleToRemindForUpdate(Instant cutoff, int limit) {
        return find("""
                        from ParentContact c
                        where (select max(v.verifiedAt) from ParentVerification v where v.parentId = c.parentId) < ?1
                          and (c.idleReminderSentAt is null
                               or c.idleReminderSentAt < (select max(v.verifiedAt) from ParentVerification v where v.parentId = c.parentId))
                          and not exists (select g from ChildGuardian g where g.parentId = c.parentId)
                        order by c.parentId""", cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /** Reminded before {@code remindedBefore} (and after their last verification), still guardian of no child. */
    public List<UUID> idleRemindedBefore(Instant remindedBefore, int limit) {
        return find("""
                        select c.parentId from ParentContact c
                        where c.idleReminderSentAt < ?1
                          and c.idleReminderSentAt > (select max(v.verifiedAt) from ParentVerification v where v.parentId = c.parentId)
                          and not exists (select g from ChildGuardian g where g.parentId = c.parentId)
                        order by c.parentId""", remindedBefore)
                .project(UUID.class).page(0, limit).list();
    }

    /**
     * Verified parents no email can reach (their contact went with their last child), last verified before
     * {@code cutoff}, guardian of no child.
     */
    public List<UUID> idleUnreachableVerifiedBefore(Instant cutoff, int limit) {
        return getEntityManager().createQuery("""
                        select v.parentId from ParentVerification v
                        where not exists (select c from ParentContact c where c.parentId = v.parentId)
                          and not exists (select g from ChildGuardian g where g.parentId = v.parentId)
                        group by v.parentId having max(v.verifiedAt) < :cutoff
                        order by v.parentId""", UUID.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Whether the parent is still a guardian of no child: the purge's re-check under the parent's lock. */
    public boolean stillIdle(UUID parentId) {
        return getEntityManager().createQuery("""
                        select count(g) from ChildGuardian g where g.parentId = :parentId""", Long.class)
                .setParameter("parentId", parentId).getSingleResult() == 0;
    }
}

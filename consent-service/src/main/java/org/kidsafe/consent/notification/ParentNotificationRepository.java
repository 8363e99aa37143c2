package org.kidsafe.consent.notification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ParentNotificationRepository implements PanacheRepositoryBase<ParentNotification, UUID> {

    public Optional<ParentNotification> findOne(UUID parentId, ParentNotification.Kind kind, String subjectKey) {
        return find("parentId = ?1 and kind = ?2 and subjectKey = ?3", parentId, kind, subjectKey).firstResultOptional();
    }

    /** Up to {@code limit} notifications ready and not mailed, oldest first, locked, skipping rows another replica holds. */
    public List<ParentNotification> dueForUpdate(int limit) {
        return find("readyAt is not null and mailedAt is null order by readyAt")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }

    /**
     * Up to {@code limit} parents owed this week's retention digest: a child of theirs has items purged before the end of
     * the window media-service last reported (every guardian of the child: issue 19 item 4), they did not opt out, and they have no digest of {@code week} yet.
     */
    public List<UUID> parentsOwedDigest(Instant now, String week, int limit) {
        return find("""
                        select distinct g.parentId from ChildGuardian g, RetentionApproachingRecord r
                        where r.childId = g.childId and r.until > :now
                          and not exists (select n from ParentNotification n where n.parentId = g.parentId
                                          and n.kind = :digest and n.subjectKey = :week)
                          and not exists (select s from NotificationSetting s where s.parentId = g.parentId and s.retentionDigest = false)
                        order by g.parentId""",
                Parameters.with("now", now).and("digest", ParentNotification.Kind.RETENTION_DIGEST).and("week", week))
                .project(UUID.class).page(0, limit).list();
    }

    /** The current retention reports of the parent's children, by child. */
    public List<RetentionApproachingRecord> retentionOfChildren(UUID parentId, Instant now) {
        return getEntityManager().createQuery("""
                        select r from RetentionApproachingRecord r, ChildGuardian g
                        where r.childId = g.childId and g.parentId = :parent and r.until > :now
                        order by r.earliestPurgeAt, r.childId""", RetentionApproachingRecord.class)
                .setParameter("parent", parentId).setParameter("now", now).getResultList();
    }

    /** Deletes up to {@code limit} notifications mailed before {@code cutoff}; returns how many. */
    public int deleteMailedBefore(Instant cutoff, int limit) {
        List<ParentNotification> mailed = find("mailedAt < ?1 order by mailedAt", cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
        mailed.forEach(this::delete);
        return mailed.size();
    }

    /** Deletes up to {@code limit} retention reports whose window ended before {@code now} (or whose child was erased since). */
    public int deleteEndedRetention(Instant now, int limit) {
        List<RetentionApproachingRecord> ended = getEntityManager().createQuery(
                        "select r from RetentionApproachingRecord r where r.until <= :now order by r.until", RetentionApproachingRecord.class)
                .setParameter("now", now).setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .setMaxResults(limit).getResultList();
        ended.forEach(getEntityManager()::remove);
        return ended.size();
    }
}

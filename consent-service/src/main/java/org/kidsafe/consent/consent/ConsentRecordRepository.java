package org.kidsafe.consent.consent;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConsentRecordRepository implements PanacheRepositoryBase<ConsentRecord, UUID> {

    public Optional<ConsentRecord> findActive(UUID childId, DataCategory category) {
        return find("childId = ?1 and category = ?2 and revokedAt is null", childId, category).firstResultOptional();
    }

    /**
     * The active consent, its row locked until the transaction ends: a renewal then cannot write back a consent that
     * {@code NoticeRenewals} lapsed meanwhile (a lapse committed first leaves no active row to find).
     */
    public Optional<ConsentRecord> findActiveForUpdate(UUID childId, DataCategory category) {
        return find("childId = ?1 and category = ?2 and revokedAt is null", childId, category)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The child's newest consent for the category, active or revoked: what the category's state is now. */
    public Optional<ConsentRecord> findLatest(UUID childId, DataCategory category) {
        return find("childId = ?1 and category = ?2 order by grantedAt desc", childId, category).firstResultOptional();
    }

    /**
     * One page of the consents granted from {@code since} to {@code until} (both included), in (grantedAt, id) order after
     * {@code after}: what a replay re-announces (index {@code consent_record_granted}, V15).
     */
    public List<ConsentRecord> pageGrantedBetween(Instant since, Instant until, ConsentRecord after, int limit) {
        if (after == null) {
            return find("grantedAt >= ?1 and grantedAt <= ?2 order by grantedAt, id", since, until).page(0, limit).list();
        }
        return find("grantedAt >= ?1 and grantedAt <= ?2 and (grantedAt > ?3 or (grantedAt = ?3 and id > ?4)) order by grantedAt, id",
                since, until, after.grantedAt, after.id).page(0, limit).list();
    }

    /** As {@link #pageGrantedBetween}, for the consents revoked in the span (index {@code consent_record_revoked}, V15). */
    public List<ConsentRecord> pageRevokedBetween(Instant since, Instant until, ConsentRecord after, int limit) {
        if (after == null) {
            return find("revokedAt >= ?1 and revokedAt <= ?2 order by revokedAt, id", since, until).page(0, limit).list();
        }
        return find("revokedAt >= ?1 and revokedAt <= ?2 and (revokedAt > ?3 or (revokedAt = ?3 and id > ?4)) order by revokedAt, id",
                since, until, after.revokedAt, after.id).page(0, limit).list();
    }

    public List<ConsentRecord> listForChild(UUID childId) {
        return list("childId = ?1 order by grantedAt", childId);
    }

    /**
     * One page of the child's consent history, revoked ones included, in grant order (grantedAt, id): keyset with bound
     * parameters, served by the index {@code consent_record_child_granted} (V12).
     */
    public List<ConsentRecord> pageForChild(UUID childId, PageRequest page) {
        if (page.after() == null) {
            return find("childId = ?1 order by grantedAt, id", childId).page(0, page.fetchSize()).list();
        }
        return find("childId = ?1 and (grantedAt > ?2 or (grantedAt = ?2 and id > ?3)) order by grantedAt, id",
                childId, page.after().at(), page.after().id()).page(0, page.fetchSize()).list();
    }

    /** Every consent of these children (one page of a parent's children), in one query rather than one per child. */
    public List<ConsentRecord> listForChildren(Collection<UUID> childIds) {
        return childIds.isEmpty() ? List.of() : list("childId in ?1", childIds);
    }

    public List<ConsentRecord> listActiveForChild(UUID childId) {
        return list("childId = ?1 and revokedAt is null order by grantedAt", childId);
    }

    public long deleteForChild(UUID childId) {
        return delete("childId", childId);
    }

    /**
     * Up to {@code limit} parents with an active consent given under a version older than {@code materialVersion} and not
     * yet due for renewal (issue 19 item 3; index {@code consent_record_active_notice}, V18).
     */
    public List<UUID> parentsToRenew(int materialVersion, int limit) {
        return find("select distinct r.parentId from ConsentRecord r where r.revokedAt is null and r.renewalDueAt is null"
                + " and r.noticeVersion < ?1 order by r.parentId", materialVersion).project(UUID.class).page(0, limit).list();
    }

    /** These parents' active consents under a version older than {@code materialVersion}, not yet due for renewal; locked. */
    public List<ConsentRecord> toRenewForUpdate(Collection<UUID> parentIds, int materialVersion) {
        return find("parentId in ?1 and revokedAt is null and renewalDueAt is null and noticeVersion < ?2 order by parentId, grantedAt",
                parentIds, materialVersion).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Up to {@code limit} parents with an address who have consents due for renewal that they were not mailed about. */
    public List<UUID> parentsToMailAboutRenewal(int limit) {
        return find("select distinct r.parentId from ConsentRecord r where r.revokedAt is null and r.renewalDueAt is not null"
                + " and r.renewalMailedAt is null and exists (select c from ParentContact c where c.parentId = r.parentId)"
                + " order by r.parentId").project(UUID.class).page(0, limit).list();
    }

    /** The parent's active consents due for renewal that they were not mailed about; locked. */
    public List<ConsentRecord> unmailedRenewalsForUpdate(UUID parentId) {
        return find("parentId = ?1 and revokedAt is null and renewalDueAt is not null and renewalMailedAt is null order by grantedAt", parentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Up to {@code limit} active consents whose renewal deadline has passed, locked, skipping rows another transaction holds. */
    public List<ConsentRecord> renewalLapsedForUpdate(Instant now, int limit) {
        return find("revokedAt is null and renewalDueAt <= ?1 order by renewalDueAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list();
    }
}

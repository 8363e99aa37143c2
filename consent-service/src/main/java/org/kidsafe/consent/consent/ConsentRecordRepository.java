package org.kidsafe.consent.consent;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
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
}

package org.kidsafe.consent.consent;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;

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

    public List<ConsentRecord> listForChild(UUID childId) {
        return list("childId = ?1 order by grantedAt", childId);
    }

    public List<ConsentRecord> listActiveForChild(UUID childId) {
        return list("childId = ?1 and revokedAt is null order by grantedAt", childId);
    }

    public long deleteForChild(UUID childId) {
        return delete("childId", childId);
    }
}

package org.kidsafe.media.item;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.ChatDirection;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MediaItemRepository implements PanacheRepositoryBase<MediaItem, UUID> {

    public Optional<MediaItem> findForChild(UUID childId, UUID itemId) {
        return find("id = ?1 and childId = ?2", itemId, childId).firstResultOptional();
    }

    public List<MediaItem> listForChild(UUID childId) {
        return list("childId = ?1 order by storedAt", childId);
    }

    public List<MediaItem> listForChild(UUID childId, DataCategory category) {
        return list("childId = ?1 and category = ?2 order by storedAt", childId, category);
    }

    public List<MediaItem> undeliveredToChild(UUID childId) {
        return list("childId = ?1 and chatDirection = ?2 and deliveredAt is null order by storedAt", childId, ChatDirection.TO_CHILD);
    }

    /** Up to {@code limit} items of a category stored before the cutoff, oldest first. */
    public List<MediaItem> expired(DataCategory category, Instant cutoff, int limit) {
        return find("category = ?1 and storedAt < ?2 order by storedAt", category, cutoff).page(0, limit).list();
    }

    public long countForChild(UUID childId, Collection<DataCategory> categories) {
        return count("childId = :child and category in :categories", Parameters.with("child", childId).and("categories", categories));
    }

    public long countForChild(UUID childId, DataCategory category) {
        return count("childId = ?1 and category = ?2", childId, category);
    }

    public long deleteForChild(UUID childId, Collection<DataCategory> categories) {
        return delete("childId = :child and category in :categories", Parameters.with("child", childId).and("categories", categories));
    }

    public long deleteByIds(Collection<UUID> ids) {
        return ids.isEmpty() ? 0 : delete("id in ?1", ids);
    }

    /** Per kind: count, oldest and newest storage time of a child's items. */
    public List<Object[]> summaryForChild(UUID childId) {
        return getEntityManager().createQuery(
                        "select m.kind, count(m), min(m.storedAt), max(m.storedAt) from MediaItem m where m.childId = :child group by m.kind",
                        Object[].class)
                .setParameter("child", childId)
                .getResultList();
    }
}

package org.kidsafe.media.item;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import org.kidsafe.commons.paging.PageRequest;
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

    /** Every item of the child, oldest first: the export only, which is whole by law (16 CFR 312.6). */
    public List<MediaItem> listForChild(UUID childId) {
        return list("childId = ?1 order by storedAt, id", childId);
    }

    /**
     * One page of the child's items, all or of one category, in the list's stable order (storedAt, id) after the
     * request's cursor: at most {@link PageRequest#fetchSize()} rows, by keyset (issue 20 item 4; index V5).
     */
    public List<MediaItem> pageForChild(UUID childId, Optional<DataCategory> category, PageRequest page) {
        Parameters parameters = Parameters.with("child", childId);
        String query = "childId = :child";
        if (category.isPresent()) {
            query += " and category = :category";
            parameters.and("category", category.get());
        }
        return keysetPage(query, parameters, page);
    }

    /**
     * One page of the parent's messages that no toy of the child has fetched yet, oldest first after the cursor
     * (at most {@link PageRequest#fetchSize()}; partial index V5).
     */
    public List<MediaItem> undeliveredToChild(UUID childId, PageRequest page) {
        return keysetPage("childId = :child and chatDirection = :direction and deliveredAt is null",
                Parameters.with("child", childId).and("direction", ChatDirection.TO_CHILD), page);
    }

    /** The rows after the cursor in (storedAt, id) order: the query is built from constant fragments, every value bound. */
    private List<MediaItem> keysetPage(String query, Parameters parameters, PageRequest page) {
        if (page.after() != null) {
            query += " and (storedAt > :at or (storedAt = :at and id > :id))";
            parameters.and("at", page.after().at()).and("id", page.after().id());
        }
        return find(query + " order by storedAt, id", parameters).range(0, page.fetchSize() - 1).list();
    }

    /** Up to {@code limit} items of a category stored before the cutoff, oldest first. */
    public List<MediaItem> expired(DataCategory category, Instant cutoff, int limit) {
        return find("category = ?1 and storedAt < ?2 order by storedAt", category, cutoff).page(0, limit).list();
    }

    public long countForChild(UUID childId, Collection<DataCategory> categories) {
        return getEntityManager().createQuery("select count(*) from MediaItem where childId = :child and category in :categories", Long.class)
                .setParameter("child", childId).setParameter("categories", categories).getSingleResult();
    }

    public long countForChild(UUID childId, DataCategory category) {
        return getEntityManager().createQuery("select count(*) from MediaItem where childId = ?1 and category = ?2", Long.class)
                .setParameter(1, childId).setParameter(2, category).getSingleResult();
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

    /** Items stored in [from, to). */
    public record StoredBetween(Instant from, Instant to) {
    }

    /** Per media category, the stored-at range of the items whose retention ends within a window. */
    public record RetentionWindow(StoredBetween photos, StoredBetween voice, StoredBetween chat) {

        Parameters parameters() {
            return Parameters.with("photos", DataCategory.PHOTOS).and("photosFrom", photos.from()).and("photosTo", photos.to())
                    .and("voice", DataCategory.VOICE).and("voiceFrom", voice.from()).and("voiceTo", voice.to())
                    .and("chat", DataCategory.CHAT).and("chatFrom", chat.from()).and("chatTo", chat.to());
        }
    }

    /** One child's items of one category in a window: how many, and when the first was stored. */
    public record Approaching(UUID childId, DataCategory category, long items, Instant firstStoredAt) {
    }

    private static final String IN_WINDOW = """
            ((i.category = :photos and i.storedAt >= :photosFrom and i.storedAt < :photosTo)
             or (i.category = :voice and i.storedAt >= :voiceFrom and i.storedAt < :voiceTo)
             or (i.category = :chat and i.storedAt >= :chatFrom and i.storedAt < :chatTo))""";

    /** Up to {@code limit} children after {@code after}, in id order, with items in the window (issue 19 item 8). */
    public List<UUID> childrenWithItemsIn(RetentionWindow window, UUID after, int limit) {
        return find("select distinct i.childId from MediaItem i where i.childId > :after and " + IN_WINDOW + " order by i.childId",
                window.parameters().and("after", after)).project(UUID.class).page(0, limit).list();
    }

    /** The children's items in the window, counted per child and category. */
    public List<Approaching> approaching(RetentionWindow window, Collection<UUID> children) {
        TypedQuery<Object[]> query = getEntityManager().createQuery("select i.childId, i.category, count(i), min(i.storedAt)"
                + " from MediaItem i where i.childId in :children and " + IN_WINDOW + " group by i.childId, i.category", Object[].class)
                .setParameter("children", children);
        window.parameters().map().forEach(query::setParameter);
        return query.getResultList().stream()
                .map(row -> new Approaching((UUID) row[0], (DataCategory) row[1], (Long) row[2], (Instant) row[3])).toList();
    }
}

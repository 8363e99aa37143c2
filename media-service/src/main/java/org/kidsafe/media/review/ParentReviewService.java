package org.kidsafe.media.review;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.holdings.Holding;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.ItemDetails;
import org.kidsafe.media.item.MediaItemRepository;
import org.kidsafe.media.sanitize.MediaKind;
import org.kidsafe.media.item.MediaService;
import org.kidsafe.media.config.Retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What media-service holds about a child (16 CFR 312.6 parent review): counts per kind, and the data itself. */
@ApplicationScoped
public class ParentReviewService {

    private final MediaItemRepository items;
    private final MediaService media;
    private final Retention retention;
    private final ChildAccess access;

    ParentReviewService(MediaItemRepository items, MediaService media, Retention retention, ChildAccess access) {
        this.items = items;
        this.media = media;
        this.retention = retention;
        this.access = access;
    }

    /** One entry per kind, including kinds with nothing held. */
    @Transactional(TxType.SUPPORTS)
    public List<Holding> holdings(UUID childId) {
        access.requireAccess(childId);
        Map<MediaKind, Holding> byKind = new EnumMap<>(MediaKind.class);
        for (Object[] row : items.summaryForChild(childId)) {
            MediaKind kind = (MediaKind) row[0];
            byKind.put(kind, holding(kind, (Long) row[1], (Instant) row[2], (Instant) row[3]));
        }
        return Arrays.stream(MediaKind.values())
                .map(kind -> byKind.getOrDefault(kind, holding(kind, 0, null, null)))
                .toList();
    }

    /**
     * Every item held for the child with its metadata (and chat text); media content is downloaded separately. Whole,
     * not paged: the parent's copy of everything held (16 CFR 312.6), which the gateway assembles from every service.
     */
    public List<ItemDetails> export(UUID childId) {
        return media.everything(childId);
    }

    private Holding holding(MediaKind kind, long count, Instant oldest, Instant newest) {
        return new Holding(kind.category().name(), kind.label(), count, oldest, newest, days(retention.of(kind.category())));
    }

    /** ISO-8601 in days, e.g. P365D, as the retention notice states it. */
    private static String days(Duration retention) {
        return "P" + retention.toDays() + "D";
    }
}

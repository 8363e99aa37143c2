package org.kidsafe.media.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.RetentionApproaching;
import org.kidsafe.media.config.Retention;
import org.kidsafe.media.item.MediaItemRepository;
import org.kidsafe.media.item.MediaItemRepository.Approaching;
import org.kidsafe.media.item.MediaItemRepository.RetentionWindow;
import org.kidsafe.media.item.MediaItemRepository.StoredBetween;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells consent-service, per child, how many items reach their retention limit within the next week (issue 19 item 8),
 * so that it mails each parent one weekly digest: a {@code RetentionApproaching} per child with such items, ids and
 * counts only, published through the outbox in the transaction that counted them. Children are taken in batches of
 * {@code kidsafe.jobs.retention-approaching.batch} in id order, one replica at a time ({@link JobLock}). Run weekly by
 * {@code RetentionApproachingJob}; a second run in a week only repeats the counts, which consent-service keeps per child
 * and digests once per parent and week.
 */
@ApplicationScoped
public class RetentionApproachingService {

    static final String JOB = "retention-approaching";
    /** The window every event covers: the week the parents' digest is about. */
    static final Duration WINDOW = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(RetentionApproachingService.class);
    private static final UUID FIRST = new UUID(0, 0);

    private final MediaItemRepository items;
    private final Retention retention;
    private final EventOutbox outbox;
    private final JobLock jobs;
    private final Clock clock;

    RetentionApproachingService(MediaItemRepository items, Retention retention, EventOutbox outbox, JobLock jobs, Clock clock) {
        this.items = items;
        this.retention = retention;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** @return how many children's counts were published (0 when another replica is at it) */
    public int announce() {
        int announced = jobs.runAlone(JOB, () -> {
            Instant now = clock.instant();
            Instant until = now.plus(WINDOW);
            RetentionWindow window = new RetentionWindow(storedWindow(DataCategory.PHOTOS, now), storedWindow(DataCategory.VOICE, now),
                    storedWindow(DataCategory.CHAT, now));
            int size = jobs.batchSize(JOB);
            int total = 0;
            UUID after = FIRST;
            List<UUID> children;
            do {
                UUID from = after;
                children = QuarkusTransaction.requiringNew().call(() -> announceBatch(window, until, from, size));
                total += children.size();
                after = children.isEmpty() ? after : children.get(children.size() - 1);
            } while (children.size() == size);
            return total;
        }).orElse(0);
        if (announced > 0) {
            LOG.infof("Retention approaching announced for %d children", announced);
        }
        return announced;
    }

    /** The stored-at range of a category's items purged within [now, now + WINDOW). */
    private StoredBetween storedWindow(DataCategory category, Instant now) {
        Instant from = now.minus(retention.of(category));
        return new StoredBetween(from, from.plus(WINDOW));
    }

    private List<UUID> announceBatch(RetentionWindow window, Instant until, UUID after, int size) {
        List<UUID> children = items.childrenWithItemsIn(window, after, size);
        if (children.isEmpty()) {
            return children;
        }
        Map<UUID, Map<DataCategory, Long>> counts = new LinkedHashMap<>();
        Map<UUID, Instant> earliest = new LinkedHashMap<>();
        for (Approaching approaching : items.approaching(window, children)) {
            counts.computeIfAbsent(approaching.childId(), child -> new EnumMap<>(DataCategory.class)).put(approaching.category(), approaching.items());
            Instant purgeAt = retention.expiresAt(approaching.category(), approaching.firstStoredAt());
            earliest.merge(approaching.childId(), purgeAt, (a, b) -> a.isBefore(b) ? a : b);
        }
        counts.forEach((childId, byCategory) -> outbox.publish(childId, new RetentionApproaching(until, byCategory, earliest.get(childId))));
        return children;
    }
}

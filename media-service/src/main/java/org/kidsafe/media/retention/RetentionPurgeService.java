package org.kidsafe.media.retention;

import org.kidsafe.media.config.Retention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.MediaItem;
import org.kidsafe.media.item.MediaItemRepository;
import org.kidsafe.media.storage.BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deletes items older than their category's retention period (16 CFR 312.10), in batches: the
 * encrypted bytes first, then the records, so an interrupted run is finished by the next one.
 */
@ApplicationScoped
public class RetentionPurgeService {

    private static final Logger LOG = Logger.getLogger(RetentionPurgeService.class);
    private static final int BATCH = 500;
    private static final List<DataCategory> CATEGORIES = List.of(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);

    private final MediaItemRepository items;
    private final BlobStore blobs;
    private final Retention retention;
    private final Clock clock;

    RetentionPurgeService(MediaItemRepository items, BlobStore blobs, Retention retention, Clock clock) {
        this.items = items;
        this.blobs = blobs;
        this.retention = retention;
        this.clock = clock;
    }

    /** @return how many items were purged */
    public long purgeExpired() {
        Instant now = clock.instant();
        long purged = 0;
        for (DataCategory category : CATEGORIES) {
            Instant cutoff = now.minus(retention.of(category));
            List<MediaItem> batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> items.expired(category, cutoff, BATCH));
                for (MediaItem item : batch) {
                    deleteBlob(item);
                }
                List<UUID> ids = batch.stream().map(item -> item.id).toList();
                QuarkusTransaction.requiringNew().run(() -> items.deleteByIds(ids));
                purged += batch.size();
            } while (batch.size() == BATCH);
        }
        if (purged > 0) {
            LOG.infof("Retention purge deleted %d media items", purged);
        }
        return purged;
    }

    private void deleteBlob(MediaItem item) {
        if (item.blobKey == null) {
            return;
        }
        try {
            blobs.delete(item.blobKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

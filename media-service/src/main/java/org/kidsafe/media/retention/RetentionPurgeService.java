package org.kidsafe.media.retention;

import org.kidsafe.media.config.Retention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.jobs.JobLock;
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
 * Deletes items older than their category's retention period (16 CFR 312.10), in batches of
 * {@code kidsafe.jobs.retention-purge.batch}: the encrypted bytes first, then the records, so an interrupted run is
 * finished by the next one. One replica at a time ({@link JobLock}; issue 21 item 1: replicas read the same batches and
 * each deleted every blob of them), which holds the lock while it deletes blobs outside its transactions.
 */
@ApplicationScoped
public class RetentionPurgeService {

    private static final Logger LOG = Logger.getLogger(RetentionPurgeService.class);
    static final String JOB = "retention-purge";
    private static final List<DataCategory> CATEGORIES = List.of(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);

    private final MediaItemRepository items;
    private final BlobStore blobs;
    private final Retention retention;
    private final JobLock jobs;
    private final Clock clock;

    RetentionPurgeService(MediaItemRepository items, BlobStore blobs, Retention retention, JobLock jobs, Clock clock) {
        this.items = items;
        this.blobs = blobs;
        this.retention = retention;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** @return how many items were purged (0 when another replica is purging) */
    public long purgeExpired() {
        long purged = jobs.runAlone(JOB, () -> purgeAll(clock.instant(), jobs.batchSize(JOB))).orElse(0L);
        if (purged > 0) {
            LOG.infof("Retention purge deleted %d media items", purged);
        }
        return purged;
    }

    private long purgeAll(Instant now, int size) {
        long purged = 0;
        for (DataCategory category : CATEGORIES) {
            Instant cutoff = now.minus(retention.of(category));
            List<MediaItem> batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> items.expired(category, cutoff, size));
                for (MediaItem item : batch) {
                    deleteBlob(item);
                }
                List<UUID> ids = batch.stream().map(item -> item.id).toList();
                QuarkusTransaction.requiringNew().run(() -> items.deleteByIds(ids));
                purged += batch.size();
            } while (batch.size() == size);
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

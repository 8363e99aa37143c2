package org.kidsafe.media.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.erasure.participant.ChildDataErasure;
import org.kidsafe.erasure.participant.Erased;
import org.kidsafe.erasure.participant.ErasureParticipant;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.media.item.MediaItemRepository;
import org.kidsafe.media.sanitize.MediaKind;
import org.kidsafe.media.toy.PairedDeviceRepository;
import org.kidsafe.media.storage.BlobKeys;
import org.kidsafe.media.storage.BlobStore;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * media-service's erasure, plugged into the erasure participant. Step 1, in the request's
 * transaction: a whole-child erasure destroys the child's data key, so everything is unreadable
 * the moment it commits. Step 2, in the background ({@link ErasureWorker}, resumed after a crash):
 * delete the records and the encrypted blobs, count the blobs left (outside any transaction: the
 * store may be remote), and let the participant re-check the database and publish the signed
 * report in the same transaction that marks the job done.
 */
@ApplicationScoped
public class ErasureService implements ChildDataErasure {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);
    private static final Set<DataCategory> MEDIA = EnumSet.of(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
    private static final String DATA_KEY = "data-key";
    /** Where the erased data lived: the report states T1 and T2 for each (issue 18 item 1). */
    private static final List<String> STORES = List.of("media database", "blob store");
    private static final String PAIRED_DEVICE = "paired-device";

    private final ErasureTaskRepository jobs;
    private final MediaItemRepository items;
    private final PairedDeviceRepository devices;
    private final DataKeys dataKeys;
    private final BlobStore blobs;
    private final ErasureParticipant participant;
    private final Event<ErasureAccepted> accepted;
    private final Clock clock;

    ErasureService(ErasureTaskRepository jobs, MediaItemRepository items, PairedDeviceRepository devices,
                   DataKeys dataKeys, BlobStore blobs, ErasureParticipant participant, Event<ErasureAccepted> accepted, Clock clock) {
        this.jobs = jobs;
        this.items = items;
        this.devices = devices;
        this.dataKeys = dataKeys;
        this.blobs = blobs;
        this.participant = participant;
        this.accepted = accepted;
        this.clock = clock;
    }

    /**
     * Step 1, in the request's transaction. A repeated request for the same saga changes nothing.
     *
     * @return always empty: the report follows from step 2
     */
    @Override
    @Transactional(TxType.MANDATORY)
    public Optional<Erased> erase(UUID childId, ErasureRequested request, Instant receivedAt) {
        if (jobs.findByIdOptional(request.erasureId()).isPresent()) {
            return Optional.empty();
        }
        ErasureTask job = new ErasureTask();
        job.erasureId = request.erasureId();
        job.childId = childId;
        job.categories(request.categories());
        job.requestedAt = receivedAt;
        if (request.categories().containsAll(MEDIA)) {
            job.keyDestroyed = childDeleted(request) ? dataKeys.destroyForGood(childId) : dataKeys.destroy(childId);
            job.unreadableAt = clock.instant();
            job.addErased(Map.of(DATA_KEY, job.keyDestroyed ? 1L : 0L));
        }
        jobs.persist(job);
        // Step 2 starts on this replica as soon as the job is committed (ErasureWorker observes it after success).
        accepted.fire(new ErasureAccepted(job.erasureId));
        return Optional.empty();
    }

    /** The database re-check: no item of the categories, and no data key after a whole-child erasure. */
    @Override
    @Transactional(TxType.MANDATORY)
    public boolean holdsNothing(UUID childId, Set<DataCategory> requested) {
        Set<DataCategory> categories = media(requested);
        boolean rowsGone = categories.isEmpty() || items.countForChild(childId, categories) == 0;
        boolean keyGone = !categories.containsAll(MEDIA) || !dataKeys.exists(childId);
        return rowsGone && keyGone;
    }

    /**
     * Step 2 for one job; safe to repeat, and only one run publishes the report. Each transaction claims the job with
     * {@code FOR UPDATE SKIP LOCKED}: a job another replica is working on is left to it.
     */
    public void complete(UUID erasureId) throws IOException {
        ErasureTask job = QuarkusTransaction.requiringNew().call(() -> deleteRecords(erasureId));
        if (job == null) {
            return;
        }
        for (String prefix : blobPrefixes(job)) {
            blobs.deletePrefix(prefix);
        }
        Instant bytesGoneAt = clock.instant();
        long blobsLeft = 0;
        for (String prefix : blobPrefixes(job)) {
            blobsLeft += blobs.count(prefix);
        }
        boolean blobsGone = blobsLeft == 0;
        QuarkusTransaction.requiringNew().run(() -> report(erasureId, blobsGone, bytesGoneAt));
    }

    private ErasureTask deleteRecords(UUID erasureId) {
        ErasureTask job = jobs.claimPending(erasureId).orElse(null);
        if (job == null) {
            return null;
        }
        Set<DataCategory> categories = mediaCategories(job);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DataCategory category : categories) {
            counts.put(MediaKind.of(category).label(), items.countForChild(job.childId, category));
        }
        if (!categories.isEmpty()) {
            items.deleteForChild(job.childId, categories);
        }
        if (job.keyDestroyed || categories.containsAll(MEDIA)) {
            counts.put(PAIRED_DEVICE, devices.deleteForChild(job.childId));
        }
        job.addErased(counts);
        if (job.unreadableAt == null) {
            job.unreadableAt = clock.instant();
        }
        return job;
    }

    /** @param bytesGoneAt when this run had deleted the records (committed) and the blobs, before counting what is left */
    private void report(UUID erasureId, boolean blobsGone, Instant bytesGoneAt) {
        ErasureTask job = jobs.claimPending(erasureId).orElse(null);
        if (job == null) {
            return;
        }
        String method = job.keyDestroyed
                ? "data key destroyed, records deleted, encrypted blobs deleted, re-checked empty"
                : "records deleted, encrypted blobs deleted, re-checked empty";
        Optional<ErasureReport> report = blobsGone
                ? participant.reportIfEmpty(job.childId, job.erasureId, job.categories(), new Erased(job.erasedCounts(), method, job.unreadableAt, job.keyDestroyed, STORES),
                        new ErasureParticipant.Hops(job.requestedAt, bytesGoneAt))
                : Optional.empty();
        if (report.isEmpty()) {
            LOG.warnf("Erasure %s not yet verified empty; it will be retried", erasureId);
            return;
        }
        job.completedAt = report.get().completedAt();
        LOG.infof("Erasure %s completed", erasureId);
    }

    /**
     * Every category requested: the child itself is deleted, so its key leaves a tombstone and no upload that arrives
     * later (before the consent revocation, which travels on another topic, is applied) creates a new one.
     */
    private static boolean childDeleted(ErasureRequested request) {
        return request.categories().containsAll(EnumSet.allOf(DataCategory.class));
    }

    private static Set<DataCategory> mediaCategories(ErasureTask job) {
        return media(job.categories());
    }

    private static Set<DataCategory> media(Set<DataCategory> requested) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        categories.addAll(requested);
        categories.retainAll(MEDIA);
        return categories;
    }

    private static List<String> blobPrefixes(ErasureTask job) {
        Set<DataCategory> categories = mediaCategories(job);
        if (categories.containsAll(MEDIA)) {
            return List.of(BlobKeys.child(job.childId));
        }
        return categories.stream().map(category -> BlobKeys.category(job.childId, category)).toList();
    }
}

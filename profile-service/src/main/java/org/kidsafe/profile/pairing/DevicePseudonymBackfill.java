package org.kidsafe.profile.pairing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ToyPairedV2;

/**
 * The upgrade from raw device ids to pseudonyms (issue 16; deploy/README.md, upgrade sequence). Bindings of the
 * previous release have no pseudonym, and the key is not in the database, so a migration cannot compute it:
 * this fills it in, and announces every still-paired binding once more as ToyPaired v2, in the same
 * transaction through the outbox, so media-service (which dropped its raw device ids) learns the pseudonyms.
 * Idempotent and replica-safe: a row is done once it has a pseudonym; rows are taken with SKIP LOCKED.
 */
@ApplicationScoped
public class DevicePseudonymBackfill {

    private static final Logger LOG = Logger.getLogger(DevicePseudonymBackfill.class);
    static final int BATCH = 200;

    private final ToyBindingRepository bindings;
    private final DevicePseudonyms pseudonyms;
    private final EventOutbox outbox;

    DevicePseudonymBackfill(ToyBindingRepository bindings, DevicePseudonyms pseudonyms, EventOutbox outbox) {
        this.bindings = bindings;
        this.pseudonyms = pseudonyms;
        this.outbox = outbox;
    }

    /** Fills every binding without a pseudonym, in bounded batches; returns how many active bindings were re-announced. */
    public int run() {
        int announced = 0;
        int[] batch;
        do {
            batch = fillBatch();
            announced += batch[1];
        } while (batch[0] == BATCH);
        if (announced > 0) {
            LOG.infof("Device pseudonyms: %d paired toys re-announced with ToyPaired v2", announced);
        }
        return announced;
    }

    /** One batch; returns {rows filled, paired toys announced}. */
    @Transactional
    int[] fillBatch() {
        int announced = 0;
        var batch = bindings.withoutPseudonymForUpdate(BATCH);
        for (ToyBinding binding : batch) {
            binding.devicePseudonym = pseudonyms.of(binding.deviceId);
            if (binding.status == ToyStatus.PAIRED) {
                outbox.publish(binding.childId, new ToyPairedV2(binding.devicePseudonym, binding.parentId));
                announced++;
            }
        }
        return new int[] {batch.size(), announced};
    }
}

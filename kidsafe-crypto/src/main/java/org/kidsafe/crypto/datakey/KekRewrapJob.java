package org.kidsafe.crypto.datakey;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.kek.KekSettings;

/**
 * Every {@code kidsafe.jobs.kek-rewrap.every}: moves every data key still wrapped by an older KEK to the current one
 * (issue 18 item 1), in batches of {@code kidsafe.kek.rewrap-batch-size}, each its own transaction, until none is
 * left, so that the older KEK wraps nothing and can be retired. Safe on any number of replicas: a batch skips the
 * rows another one holds. The one job of every service with data keys; a service without (no {@link DataKeys} bean)
 * has nothing to do.
 */
@ApplicationScoped
public class KekRewrapJob {

    private static final Logger LOG = Logger.getLogger(KekRewrapJob.class);

    private final Instance<DataKeys> keys;
    private final KekSettings settings;

    KekRewrapJob(Instance<DataKeys> keys, KekSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Scheduled(every = "${kidsafe.jobs.kek-rewrap.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!keys.isResolvable()) {
            return;
        }
        try {
            int moved = rewrapAll(keys.get(), settings.rewrapBatchSize());
            if (moved > 0) {
                LOG.infof("Re-wrapped %d data key(s) under the current KEK; KEKs still wrapping live keys: %s", moved, keys.get().kekIdsInUse());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Re-wrap stopped (%s); the next run carries on", e.getMessage());
        }
    }

    /** Re-wraps batch after batch until none is left; how many keys moved. */
    static int rewrapAll(DataKeys keys, int batchSize) {
        int moved = 0;
        for (int batch = keys.rewrapStale(batchSize); batch > 0; batch = keys.rewrapStale(batchSize)) {
            moved += batch;
        }
        return moved;
    }
}

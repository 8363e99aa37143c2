package org.kidsafe.crypto.datakey;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.kek.KekSettings;

import java.util.UUID;

/**
 * Every {@code kidsafe.jobs.kek-rewrap.every}: moves every data key still wrapped by an older KEK to the current one
 * (issue 18 item 1), in batches of {@code kidsafe.kek.rewrap-batch-size}, each its own transaction, until none is
 * left, so that the older KEK wraps nothing and can be retired. Safe on any number of replicas: a batch skips the
 * rows another one holds. The one job of every service with data keys; a service without (no {@link DataKeys} bean)
 * has nothing to do. Public {@link #run} so a test can run a pass itself.
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
    public void run() {
        if (!keys.isResolvable()) {
            return;
        }
        try {
            Outcome outcome = rewrapAll(keys.get(), settings.rewrapBatchSize());
            if (outcome.rewrapped() > 0 || outcome.unreadable() > 0) {
                LOG.infof("Re-wrapped %d data key(s) under the current KEK (%d left: no readable KEK opens them); KEKs still wrapping"
                        + " live keys: %s", outcome.rewrapped(), outcome.unreadable(), keys.get().kekIdsInUse());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Re-wrap stopped (%s); the next run carries on", e.getMessage());
        }
    }

    /** One pass over the whole table, a batch (one transaction) at a time. */
    static Outcome rewrapAll(DataKeys keys, int batchSize) {
        int rewrapped = 0;
        int unreadable = 0;
        UUID after = null;
        do {
            DataKeys.RewrapBatch batch = keys.rewrapStale(after, batchSize);
            rewrapped += batch.rewrapped();
            unreadable += batch.unreadable();
            after = batch.last();
        } while (after != null);
        return new Outcome(rewrapped, unreadable);
    }

    /** What a pass did: keys moved to the current KEK, and keys no readable KEK opened. */
    record Outcome(int rewrapped, int unreadable) {
    }
}

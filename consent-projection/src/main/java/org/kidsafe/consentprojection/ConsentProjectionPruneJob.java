package org.kidsafe.consentprojection;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.consent-projection-prune.every}: drops the erased children's tombstones older than the
 * topic retention ({@link ConsentProjectionErasure#pruneTombstones}), so not even their ids are kept for good.
 */
@ApplicationScoped
public class ConsentProjectionPruneJob {

    private final ConsentProjectionErasure erasure;

    ConsentProjectionPruneJob(ConsentProjectionErasure erasure) {
        this.erasure = erasure;
    }

    @Scheduled(every = "${kidsafe.jobs.consent-projection-prune.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        erasure.pruneTombstones();
    }
}

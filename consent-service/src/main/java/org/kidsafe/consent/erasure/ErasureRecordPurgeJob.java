package org.kidsafe.consent.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.erasure-record-purge.every}: deletes completed sagas past their period ({@link ErasureRecordPurge}). */
@ApplicationScoped
public class ErasureRecordPurgeJob {

    private final ErasureRecordPurge purge;

    ErasureRecordPurgeJob(ErasureRecordPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.erasure-record-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

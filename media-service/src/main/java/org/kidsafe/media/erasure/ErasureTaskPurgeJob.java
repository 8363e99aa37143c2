package org.kidsafe.media.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.erasure-task-purge.every}: deletes the records of erasures completed longer ago than their period ({@link ErasureTaskPurge}). */
@ApplicationScoped
public class ErasureTaskPurgeJob {

    private final ErasureTaskPurge purge;

    ErasureTaskPurgeJob(ErasureTaskPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.erasure-task-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

package org.kidsafe.media.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.retention-purge.every}, first after {@code .delay}: deletes what passed its retention period. */
@ApplicationScoped
public class RetentionPurgeJob {

    private final RetentionPurgeService purge;

    RetentionPurgeJob(RetentionPurgeService purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.retention-purge.every}", delayed = "${kidsafe.jobs.retention-purge.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeExpired();
    }
}

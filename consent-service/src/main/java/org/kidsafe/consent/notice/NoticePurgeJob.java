package org.kidsafe.consent.notice;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.notice-purge.every}: deletes superseded notice versions nothing names any more ({@link NoticePurge}). */
@ApplicationScoped
public class NoticePurgeJob {

    private final NoticePurge purge;

    NoticePurgeJob(NoticePurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.notice-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

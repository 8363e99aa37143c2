package org.kidsafe.media.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * At {@code kidsafe.jobs.retention-approaching.cron} (weekly): tells consent-service what reaches its retention limit in
 * the coming week, per child ({@link RetentionApproachingService}).
 */
@ApplicationScoped
public class RetentionApproachingJob {

    private final RetentionApproachingService approaching;

    RetentionApproachingJob(RetentionApproachingService approaching) {
        this.approaching = approaching;
    }

    @Scheduled(cron = "${kidsafe.jobs.retention-approaching.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        approaching.announce();
    }
}

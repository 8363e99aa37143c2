package org.kidsafe.consent.leaving;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.leaving.every}: finishes the leavings whose erasures all completed ({@link LeavingService}). */
@ApplicationScoped
public class LeavingJob {

    private final LeavingService leaving;

    LeavingJob(LeavingService leaving) {
        this.leaving = leaving;
    }

    @Scheduled(every = "${kidsafe.jobs.leaving.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        leaving.finishReady();
    }
}

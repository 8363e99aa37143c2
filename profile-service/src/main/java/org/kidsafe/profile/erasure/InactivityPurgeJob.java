package org.kidsafe.profile.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.inactivity-purge.every}: erases profiles past the inactivity period (16 CFR 312.10). */
@ApplicationScoped
public class InactivityPurgeJob {

    private final InactivityPurgeService purge;

    InactivityPurgeJob(InactivityPurgeService purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.inactivity-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purge();
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.idle-parent.every}: reminds, then purges, verified parents with no child and no consent ({@link IdleParents}). */
@ApplicationScoped
public class IdleParentJob {

    private final IdleParents idleParents;

    IdleParentJob(IdleParents idleParents) {
        this.idleParents = idleParents;
    }

    @Scheduled(every = "${kidsafe.jobs.idle-parent.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        idleParents.remindDue();
        idleParents.purgeDue();
    }
}

package org.kidsafe.consent.household;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.expired-invitation-purge.every}: deletes expired guardian invitations ({@link ExpiredInvitationPurge}). */
@ApplicationScoped
public class ExpiredInvitationPurgeJob {

    private final ExpiredInvitationPurge purge;

    ExpiredInvitationPurgeJob(ExpiredInvitationPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.expired-invitation-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

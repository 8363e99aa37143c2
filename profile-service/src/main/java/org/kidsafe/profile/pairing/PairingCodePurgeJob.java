package org.kidsafe.profile.pairing;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.pairing-code-purge.every}: deletes redeemed and expired pairing codes past their period ({@link PairingCodePurge}). */
@ApplicationScoped
public class PairingCodePurgeJob {

    private final PairingCodePurge purge;

    PairingCodePurgeJob(PairingCodePurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.pairing-code-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

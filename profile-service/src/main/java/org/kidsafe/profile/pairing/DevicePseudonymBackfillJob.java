package org.kidsafe.profile.pairing;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.device-pseudonym-backfill.every}: gives bindings of the previous release their
 * device pseudonym and re-announces the paired ones ({@link DevicePseudonymBackfill}); after the upgrade it
 * finds nothing (an index on the rows without pseudonym keeps that cheap).
 */
@ApplicationScoped
public class DevicePseudonymBackfillJob {

    private final DevicePseudonymBackfill backfill;

    DevicePseudonymBackfillJob(DevicePseudonymBackfill backfill) {
        this.backfill = backfill;
    }

    @Scheduled(every = "${kidsafe.jobs.device-pseudonym-backfill.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        backfill.run();
    }
}

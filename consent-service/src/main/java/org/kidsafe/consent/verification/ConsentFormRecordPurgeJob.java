package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.consent-form-record-purge.every}: deletes old decided forms of parents without contact data ({@link ConsentFormRecordPurge}). */
@ApplicationScoped
public class ConsentFormRecordPurgeJob {

    private final ConsentFormRecordPurge purge;

    ConsentFormRecordPurgeJob(ConsentFormRecordPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.consent-form-record-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

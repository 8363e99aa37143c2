package org.kidsafe.consent.account;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.parent-account-deletion.every}: deletes the parents' Keycloak users still due ({@link AccountDeletions}). */
@ApplicationScoped
public class ParentAccountDeletionJob {

    private final AccountDeletions deletions;

    ParentAccountDeletionJob(AccountDeletions deletions) {
        this.deletions = deletions;
    }

    @Scheduled(every = "${kidsafe.jobs.parent-account-deletion.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        deletions.processDue();
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.email-code-sent-purge.every}: deletes code records no cooldown needs ({@link EmailCodeSentPurge}). */
@ApplicationScoped
public class EmailCodeSentPurgeJob {

    private final EmailCodeSentPurge purge;

    EmailCodeSentPurgeJob(EmailCodeSentPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.email-code-sent-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge.purgeDue();
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Every {@code kidsafe.jobs.abandoned-sign-up-purge.every}: deletes the contact data of sign-ups never verified
 * within {@code kidsafe.retention.abandoned-sign-up} ({@link AbandonedSignUpPurge}).
 */
@ApplicationScoped
public class AbandonedSignUpPurgeJob {

    private static final Logger LOG = Logger.getLogger(AbandonedSignUpPurgeJob.class);

    private final AbandonedSignUpPurge purge;

    AbandonedSignUpPurgeJob(AbandonedSignUpPurge purge) {
        this.purge = purge;
    }

    @Scheduled(every = "${kidsafe.jobs.abandoned-sign-up-purge.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purgeAbandonedSignUps() {
        int purged = purge.purgeDue();
        if (purged > 0) {
            LOG.infof("Deleted the contact data of %d abandoned sign-up(s)", purged);
        }
    }
}

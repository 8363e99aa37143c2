package org.kidsafe.consent.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.erasure.OverdueErasureService;
import org.kidsafe.consent.verification.EmailVerificationService;

import java.util.UUID;

/** The timers of consent-service; each job's work is a transactional service method tests call directly. */
@ApplicationScoped
public class ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);

    private final OverdueErasureService erasures;
    private final EmailVerificationService email;

    ScheduledJobs(OverdueErasureService erasures, EmailVerificationService email) {
        this.erasures = erasures;
        this.email = email;
    }

    @Scheduled(every = "${kidsafe.timers.erasure-check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void askOverdueParticipantsAgain() {
        erasures.askOverdueAgain();
    }

    @Scheduled(every = "${kidsafe.timers.reminder-check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void sendDueReminders() {
        for (UUID parentId : email.remindersDue()) {
            try {
                email.sendReminder(parentId);
            } catch (ProblemException e) {
                LOG.warn("A revocation reminder could not be sent; it stays due");
            }
        }
    }

    @Scheduled(every = "${kidsafe.timers.abandoned-sign-up-purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purgeAbandonedSignUps() {
        int purged = email.purgeAbandonedSignUps();
        if (purged > 0) {
            LOG.infof("Deleted the contact data of %d abandoned sign-up(s)", purged);
        }
    }
}

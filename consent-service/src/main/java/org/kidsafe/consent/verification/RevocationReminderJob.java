package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;

import java.util.UUID;

/**
 * Every {@code kidsafe.jobs.revocation-reminder.every}: sends the email-plus revocation reminders that are due,
 * each in its own transaction, so one failed mail leaves only that reminder due.
 */
@ApplicationScoped
public class RevocationReminderJob {

    private static final Logger LOG = Logger.getLogger(RevocationReminderJob.class);

    private final EmailVerificationService email;

    RevocationReminderJob(EmailVerificationService email) {
        this.email = email;
    }

    @Scheduled(every = "${kidsafe.jobs.revocation-reminder.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void sendDueReminders() {
        for (UUID parentId : email.remindersDue()) {
            try {
                email.sendReminder(parentId);
            } catch (ProblemException e) {
                LOG.warn("A revocation reminder could not be sent; it stays due");
            }
        }
    }
}

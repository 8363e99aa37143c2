package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.revocation-reminder.every}: sends the email-plus revocation reminders that are due ({@link RevocationReminders}). */
@ApplicationScoped
public class RevocationReminderJob {

    private final RevocationReminders reminders;

    RevocationReminderJob(RevocationReminders reminders) {
        this.reminders = reminders;
    }

    @Scheduled(every = "${kidsafe.jobs.revocation-reminder.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void sendDueReminders() {
        reminders.sendDue();
    }
}

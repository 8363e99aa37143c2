package org.kidsafe.consent.notification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.retention-digest.every}: writes this week's retention digest for each parent owed one
 * ({@link ParentNotifications#writeDigests}, once per parent per week however often it runs), then mails what is ready.
 */
@ApplicationScoped
public class RetentionDigestJob {

    private final ParentNotifications notifications;

    RetentionDigestJob(ParentNotifications notifications) {
        this.notifications = notifications;
    }

    @Scheduled(every = "${kidsafe.jobs.retention-digest.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (notifications.writeDigests() > 0) {
            notifications.sendDue();
        }
    }
}

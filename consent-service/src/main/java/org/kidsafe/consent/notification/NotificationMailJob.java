package org.kidsafe.consent.notification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.notification-mail.every}: mails the parents' notifications that are ready ({@link ParentNotifications#sendDue}). */
@ApplicationScoped
public class NotificationMailJob {

    private final ParentNotifications notifications;

    NotificationMailJob(ParentNotifications notifications) {
        this.notifications = notifications;
    }

    @Scheduled(every = "${kidsafe.jobs.notification-mail.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        notifications.sendDue();
    }
}

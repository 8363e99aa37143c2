package org.kidsafe.consent.renewal;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.notice-renewal.every}: after a material notice change, puts earlier consents into "needs
 * renewal", emails their parents, and lets unrenewed ones lapse at their deadline ({@link NoticeRenewals}).
 */
@ApplicationScoped
public class NoticeRenewalJob {

    private final NoticeRenewals renewals;

    NoticeRenewalJob(NoticeRenewals renewals) {
        this.renewals = renewals;
    }

    @Scheduled(every = "${kidsafe.jobs.notice-renewal.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        renewals.run();
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.consent-form-expiry.every}: deletes undecided forms past their deadline and tells their parents ({@link ConsentFormExpiry}). */
@ApplicationScoped
public class ConsentFormExpiryJob {

    private final ConsentFormExpiry expiry;

    ConsentFormExpiryJob(ConsentFormExpiry expiry) {
        this.expiry = expiry;
    }

    @Scheduled(every = "${kidsafe.jobs.consent-form-expiry.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        expiry.expireDue();
        expiry.notifyParents();
    }
}

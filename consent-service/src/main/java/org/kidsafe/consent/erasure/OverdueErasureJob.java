package org.kidsafe.consent.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.overdue-erasure.every}: asks silent participants again (the work is {@link OverdueErasureService}). */
@ApplicationScoped
public class OverdueErasureJob {

    private final OverdueErasureService overdue;

    OverdueErasureJob(OverdueErasureService overdue) {
        this.overdue = overdue;
    }

    @Scheduled(every = "${kidsafe.jobs.overdue-erasure.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void askOverdueParticipantsAgain() {
        overdue.askOverdueAgain();
    }
}

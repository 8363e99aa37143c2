package org.kidsafe.consent.ledger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.ledger-head.every}: verifies the ledger from its last checkpoint and signs its head ({@link LedgerHeads}). */
@ApplicationScoped
public class LedgerHeadJob {

    private final LedgerHeads heads;

    LedgerHeadJob(LedgerHeads heads) {
        this.heads = heads;
    }

    @Scheduled(every = "${kidsafe.jobs.ledger-head.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void run() {
        heads.signVerifiedHead();
    }
}

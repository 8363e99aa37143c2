package org.kidsafe.consent.ledger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.ledger-chain.every}: links the ledger entries committed since the last run ({@link LedgerChain}). */
@ApplicationScoped
public class LedgerChainJob {

    private final LedgerChain chain;

    LedgerChainJob(LedgerChain chain) {
        this.chain = chain;
    }

    @Scheduled(every = "${kidsafe.jobs.ledger-chain.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void run() {
        chain.linkCommitted();
    }
}

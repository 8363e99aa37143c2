package org.kidsafe.profile.pairing;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.toy-identity-withdrawal.every}: deletes the toy identities whose withdrawal is due
 * (erasures, the inactivity purge, retries after a Keycloak outage, pairings that never committed).
 */
@ApplicationScoped
public class ToyIdentityWithdrawalJob {

    private final ToyIdentityWithdrawals withdrawals;

    ToyIdentityWithdrawalJob(ToyIdentityWithdrawals withdrawals) {
        this.withdrawals = withdrawals;
    }

    @Scheduled(every = "${kidsafe.jobs.toy-identity-withdrawal.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        withdrawals.processDue();
    }
}

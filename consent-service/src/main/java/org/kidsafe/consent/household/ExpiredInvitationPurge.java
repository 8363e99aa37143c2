package org.kidsafe.consent.household;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.jobs.JobLock;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deletes expired guardian invitations (issue 19 item 4; issue 18: nothing is kept forever): an expired link is useless,
 * and the masked address it keeps has no purpose after it. Before this purge an expired invitation went only when the
 * next one was sent, so a household that invited nobody again kept it for good. Run by
 * {@code ExpiredInvitationPurgeJob} on one replica at a time ({@link JobLock}), in batches of
 * {@code kidsafe.jobs.expired-invitation-purge.batch} (index {@code guardian_invitation_expires}, V20), each its own
 * transaction. Not in the ledger: {@code GUARDIAN_INVITED} records the invitation, and its expiry follows from it.
 */
@ApplicationScoped
public class ExpiredInvitationPurge {

    static final String JOB = "expired-invitation-purge";

    private final GuardianInvitationRepository invitations;
    private final JobLock jobLock;
    private final Clock clock;

    ExpiredInvitationPurge(GuardianInvitationRepository invitations, JobLock jobLock, Clock clock) {
        this.invitations = invitations;
        this.jobLock = jobLock;
        this.clock = clock;
    }

    /** @return how many expired invitations went (0 when another replica is purging) */
    public int purgeDue() {
        Instant now = clock.instant();
        return jobLock.batchesAlone(JOB, size -> QuarkusTransaction.requiringNew().call(() -> purgeBatch(now, size)));
    }

    private int purgeBatch(Instant now, int size) {
        List<UUID> expired = invitations.expiredForUpdate(now, size);
        if (!expired.isEmpty()) {
            invitations.delete("id in ?1", expired);
        }
        return expired.size();
    }
}

package org.kidsafe.consent.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.events.leases.Leases;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The durable way a parent's Keycloak user goes (issue 19 item 5; issue 21: no Keycloak call inside a database
 * transaction). Whoever ends a parent's data records the deletion in its own transaction ({@link #record}); {@link #processDue}
 * then deletes the users outside any transaction, on one replica at a time ({@link JobLock}), right after a parent left
 * and from {@code ParentAccountDeletionJob}, so a Keycloak outage only delays it. The ledger's {@code PARENT_LEFT}
 * (ids only) marks the end. Claims and retries are {@link Leases}'s, shared with profile-service's toy identities.
 */
@ApplicationScoped
public class AccountDeletions {

    private static final Logger LOG = Logger.getLogger(AccountDeletions.class);
    /** The job's lock: one replica deletes accounts at a time. */
    private static final String JOB = "parent-account-deletion";
    /** How long a claimed deletion is left to its attempt before a later run retries it; doubled per failure. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final AccountDeletionRepository deletions;
    private final ParentAccounts accounts;
    private final ParentAccountSettings settings;
    private final Ledger ledger;
    private final JobLock jobs;
    private final Clock clock;
    private final Leases<AccountDeletion, UUID> leases;

    AccountDeletions(AccountDeletionRepository deletions, ParentAccounts accounts, ParentAccountSettings settings, Ledger ledger,
                     JobLock jobs, Clock clock) {
        this.deletions = deletions;
        this.accounts = accounts;
        this.settings = settings;
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
        this.leases = new Leases<>(deletions, clock, LEASE, MAX_BACKOFF);
    }

    /** Records, in the caller's transaction, that the parent's account must go; a second record keeps the first. */
    @Transactional(TxType.MANDATORY)
    public void record(UUID parentId, AccountDeletion.Reason reason) {
        if (deletions.findByIdOptional(parentId).isPresent()) {
            return;
        }
        AccountDeletion deletion = new AccountDeletion();
        deletion.parentId = parentId;
        deletion.reason = reason;
        deletion.recordedAt = clock.instant();
        deletion.dueAt = deletion.recordedAt;
        deletions.persist(deletion);
    }

    /** Deletes every due account, batch by batch; returns how many went (0 when another replica is at it). */
    public int processDue() {
        return jobs.runAlone(JOB, () -> leases.processDue(settings.batch(), this::delete)).orElse(0);
    }

    /**
     * Deletes this parent's account now if it is due and no replica holds it: a parent who leaves at once does not wait
     * for the job, and no other parent's deletion runs in their request (issue 19 item 5). A failure is the job's to retry.
     */
    public void deleteNow(UUID parentId) {
        leases.processOne(parentId, this::delete);
    }

    /** How many accounts wait to be deleted (due or not). */
    @Transactional
    public long pending() {
        return deletions.getEntityManager().createQuery("select count(*) from AccountDeletion", Long.class).getSingleResult();
    }

    private boolean delete(AccountDeletion deletion) {
        try {
            accounts.delete(deletion.parentId);
        } catch (ParentAccountsUnavailableException e) {
            LOG.warnf("A parent's account could not be deleted (attempt %d), retrying later: %s", deletion.attempts, e.getMessage());
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            deletions.deleteById(deletion.parentId);
            ledger.append(LedgerType.PARENT_LEFT, null, deletion.parentId,
                    Map.of("reason", deletion.reason.name(), "recordedAt", deletion.recordedAt.toString()));
        });
        return true;
    }
}

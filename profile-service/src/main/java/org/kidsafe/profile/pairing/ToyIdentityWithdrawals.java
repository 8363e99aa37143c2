package org.kidsafe.profile.pairing;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.events.leases.Leases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The durable way a toy identity is taken back (issue 21: no Keycloak call inside a database transaction;
 * issue 16: a Keycloak outage must never leave a live identity for an unpaired or erased toy). Whoever ends a
 * binding records a withdrawal in its own transaction ({@link #record}); {@link #processDue} then deletes the
 * identities outside any transaction: right after an unpairing commits, right after an erasure commits
 * ({@link #processDueSoon}, issue 22 item 3), and from {@code ToyIdentityWithdrawalJob} for the rest (the purge,
 * retries after an outage, pairings that never committed). Replica-safe: a
 * row is claimed by pushing its {@code due_at} past a lease, under {@code FOR UPDATE SKIP LOCKED} ({@link Leases},
 * shared with consent-service's parent accounts).
 */
@ApplicationScoped
public class ToyIdentityWithdrawals {

    private static final Logger LOG = Logger.getLogger(ToyIdentityWithdrawals.class);
    static final int BATCH = 50;
    /** How long a claimed row is left to the replica that claimed it before another may retry it. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** How long a reservation waits for its pairing to commit before it is treated as abandoned. */
    static final Duration RESERVATION = Duration.ofMinutes(5);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ToyIdentityWithdrawalRepository withdrawals;
    private final ToyIdentityIssuer identities;
    private final Clock clock;
    private final Leases<ToyIdentityWithdrawal, UUID> leases;
    /** A {@link #processDueSoon} run is queued and has not started: further calls join it. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "toy-identity-withdrawals");
        thread.setDaemon(true);
        return thread;
    });

    ToyIdentityWithdrawals(ToyIdentityWithdrawalRepository withdrawals, ToyIdentityIssuer identities, Clock clock) {
        this.withdrawals = withdrawals;
        this.identities = identities;
        this.clock = clock;
        this.leases = new Leases<>(withdrawals, clock, LEASE, MAX_BACKOFF);
    }

    /**
     * Records that the binding's identity must go, in the caller's transaction, and returns the record to
     * {@link #process} once that transaction committed. A binding of the previous release has no user id: its toy
     * user, if {@code ./kidsafe toys migrate} made one, is found by the username that command gives it (its old
     * client goes with the command's finish phase).
     */
    @Transactional(TxType.MANDATORY)
    public UUID record(ToyBinding binding) {
        ToyIdentityWithdrawal withdrawal = binding.identityId != null
                ? ToyIdentityWithdrawal.of(binding.identityId, null, clock.instant(), clock.instant())
                : ToyIdentityWithdrawal.of(null, ToyIdentityIssuer.migratedUsername(binding.deviceId), clock.instant(), clock.instant());
        withdrawals.persist(withdrawal);
        return withdrawal.id;
    }

    /**
     * Before an identity is created: if its pairing never commits (crash, conflict), the identity is deleted by
     * username once the reservation is due. {@link #confirm} removes it when the pairing commits.
     */
    @Transactional(TxType.MANDATORY)
    public UUID reserve(String username) {
        Instant now = clock.instant();
        ToyIdentityWithdrawal reservation = ToyIdentityWithdrawal.of(null, username, now.plus(RESERVATION), now);
        withdrawals.persist(reservation);
        return reservation.id;
    }

    /** The pairing committed with the identity: its reservation goes, in the pairing's transaction. */
    @Transactional(TxType.MANDATORY)
    public void confirm(UUID reservation) {
        withdrawals.deleteById(reservation);
    }

    /** The pairing will not commit: withdraw the identity created for it now rather than when the reservation expires. */
    @Transactional(TxType.REQUIRES_NEW)
    public void abandon(UUID reservation) {
        withdrawals.findByIdOptional(reservation).ifPresent(row -> row.dueAt = clock.instant());
    }

    /**
     * Deletes every due identity, outside any transaction, in batches until none is due; returns how many were
     * withdrawn. A failure stays for a later run, with a growing delay.
     */
    public int processDue() {
        return leases.processDue(BATCH, this::withdraw);
    }

    /**
     * {@link #processDue} on a thread of its own, once per burst of calls: for a caller that must not wait for Keycloak
     * (the erasure consumer, right after the request's transaction committed). A failure stays for the job.
     */
    public void processDueSoon() {
        if (queued.compareAndSet(false, true)) {
            background.execute(() -> {
                queued.set(false);
                try {
                    processDue();
                } catch (RuntimeException e) {
                    LOG.warnf("Withdrawing toy identities failed, left to the job: %s", e.getMessage());
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        background.shutdownNow();
    }

    /**
     * Deletes the one recorded identity now, outside any transaction (right after the unpairing that recorded it
     * committed); returns false when it is left to the job (Keycloak down, or another replica holds it).
     */
    public boolean process(UUID withdrawal) {
        return leases.processOne(withdrawal, this::withdraw);
    }

    private boolean withdraw(ToyIdentityWithdrawal row) {
        try {
            if (row.identityId != null) {
                identities.withdraw(row.identityId);
            } else {
                identities.idOf(row.username).ifPresent(identities::withdraw);
            }
            done(row.id);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Withdrawing a toy identity failed (attempt %d), retrying later: %s", row.attempts, e.getMessage());
            return false;
        }
    }

    /** How many withdrawals wait (due or not), e.g. for tests and health checks. */
    @Transactional
    public long pending() {
        return withdrawals.getEntityManager().createQuery("select count(*) from ToyIdentityWithdrawal", Long.class).getSingleResult();
    }

    @Transactional
    void done(UUID id) {
        withdrawals.deleteById(id);
    }
}

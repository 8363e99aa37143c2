package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.jobs.JobLock;

import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deletes the contact data of parents who started verification but completed none within
 * {@link RetentionPolicy#abandonedSignUp} (16 CFR 312.5(c)(1): collected only to seek consent). Run by
 * {@code AbandonedSignUpPurgeJob} on one replica at a time ({@link JobLock}; issue 21 item 1: two replicas listed the
 * same sign-ups and each recorded their deletion in the ledger), in batches of {@code kidsafe.jobs.abandoned-sign-up-purge.batch},
 * each its own transaction with one ledger entry per parent, until none is left.
 */
@ApplicationScoped
public class AbandonedSignUpPurge {

    static final String JOB = "abandoned-sign-up-purge";

    private final ParentContactRepository contacts;
    private final EmailVerificationService email;
    private final RetentionPolicy retention;
    private final Ledger ledger;
    private final JobLock jobLock;
    private final Clock clock;

    AbandonedSignUpPurge(ParentContactRepository contacts, EmailVerificationService email, RetentionPolicy retention, Ledger ledger,
                         JobLock jobLock, Clock clock) {
        this.contacts = contacts;
        this.email = email;
        this.retention = retention;
        this.ledger = ledger;
        this.jobLock = jobLock;
        this.clock = clock;
    }

    /** @return how many sign-ups went (0 when another replica is purging) */
    public int purgeDue() {
        Instant cutoff = clock.instant().minus(retention.abandonedSignUp());
        return jobLock.batchesAlone(JOB, size -> QuarkusTransaction.requiringNew().call(() -> purgeBatch(cutoff, size)));
    }

    private int purgeBatch(Instant cutoff, int size) {
        List<UUID> abandoned = contacts.listAbandoned(cutoff, size);
        for (UUID parentId : abandoned) {
            email.forgetContact(parentId);
            ledger.append(LedgerType.SIGN_UP_ABANDONED, null, parentId, Map.of("retention", retention.abandonedSignUp().toString()));
        }
        return abandoned.size();
    }
}

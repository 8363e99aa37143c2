package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.account.AccountDeletion;
import org.kidsafe.consent.account.AccountDeletions;
import org.kidsafe.consent.account.ParentAccountLock;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.consent.preference.ParentLanguages;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Verified parents who are guardian of no child (issue 18 item 5; {@code child_guardian}, issue 19 item 4: a consent they
 * granted stays with the child and does not keep them): their address was collected only to seek consent
 * (16 CFR 312.5(c)(1)), so after {@link IdleParentSettings#remindAfter} since their last verification they are reminded
 * by email, and after a further {@link IdleParentSettings#purgeAfterReminder} their contact data, codes, verifications and
 * consent forms are purged, and then their Keycloak user ({@link AccountDeletions}, the leaving parent's path; issue 19
 * item 5). A parent whose contact already went (with their last child) cannot be reminded, and is purged once both
 * periods have passed. Run by {@code IdleParentJob}; adding a child stops it.
 * <p>
 * Replica-safe and bounded (issue 21): reminders are claimed in batches under {@code FOR UPDATE SKIP LOCKED} and mailed
 * after that commit (no SMTP inside a transaction); purges run in batches on one replica at a time ({@link JobLock}),
 * each parent re-checked under their {@link ParentAccountLock}, which registering a child takes too.
 */
@ApplicationScoped
public class IdleParents {

    private static final Logger LOG = Logger.getLogger(IdleParents.class);
    /** The purge's lock ({@link JobLock}): one replica purges at a time. */
    private static final String PURGE_JOB = "idle-parent-purge";

    private final ParentContactRepository contacts;
    private final ParentRecords parentRecords;
    private final AccountDeletions accounts;
    private final ParentAccountLock parentLock;
    private final ParentMail mail;
    private final ParentLanguages languages;
    private final IdleParentSettings policy;
    private final Ledger ledger;
    private final JobLock jobs;
    private final Clock clock;

    IdleParents(ParentContactRepository contacts, ParentRecords parentRecords, AccountDeletions accounts, ParentAccountLock parentLock,
                ParentMail mail, ParentLanguages languages, IdleParentSettings policy, Ledger ledger, JobLock jobs, Clock clock) {
        this.contacts = contacts;
        this.parentRecords = parentRecords;
        this.accounts = accounts;
        this.parentLock = parentLock;
        this.mail = mail;
        this.languages = languages;
        this.policy = policy;
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Reminds every idle parent who is due, batch by batch until none is left or a mail fails; a parent whose mail
     * failed is un-claimed and reminded by a later run. Returns how many were reminded.
     */
    public int remindDue() {
        return Batches.claimThenSend(policy.batch(), () -> {
            // Stored with microseconds: the same instant un-claims a reminder whose mail failed.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return QuarkusTransaction.requiringNew().call(() -> claimReminders(now));
        }, this::send);
    }

    /** Purges every idle parent who is due, batch by batch; returns how many went (0 when another replica is purging). */
    public int purgeDue() {
        int purged = jobs.runAlone(PURGE_JOB, () -> Batches.untilShort(policy.batch(), () -> QuarkusTransaction.requiringNew().call(this::purgeBatch)))
                .orElse(0);
        accounts.processDue();
        return purged;
    }

    private List<Reminder> claimReminders(Instant now) {
        List<ParentContact> due = contacts.idleToRemindForUpdate(now.minus(policy.remindAfter()), policy.batch());
        for (ParentContact contact : due) {
            contact.idleReminderSentAt = now;
        }
        return due.stream().map(contact -> new Reminder(contact.parentId, contact.email, now)).toList();
    }

    private boolean send(Reminder reminder) {
        Instant claimedAt = reminder.claimedAt();
        try {
            mail.sendIdleReminder(reminder.email(), languages.of(reminder.parentId(), null), claimedAt.plus(policy.purgeAfterReminder()));
        } catch (ProblemException e) {
            LOG.warn("An idle-parent reminder could not be sent; it stays due");
            QuarkusTransaction.requiringNew().run(() -> contacts.findByIdOptional(reminder.parentId())
                    .filter(contact -> claimedAt.equals(contact.idleReminderSentAt))
                    .ifPresent(contact -> contact.idleReminderSentAt = null));
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> ledger.append(LedgerType.IDLE_PARENT_REMINDED, null, reminder.parentId(),
                Map.of("purgeAfterReminder", policy.purgeAfterReminder().toString())));
        return true;
    }

    private int purgeBatch() {
        Instant now = clock.instant();
        List<UUID> reminded = contacts.idleRemindedBefore(now.minus(policy.purgeAfterReminder()), policy.batch());
        List<UUID> unreachable = reminded.size() < policy.batch()
                ? contacts.idleUnreachableVerifiedBefore(now.minus(policy.remindAfter()).minus(policy.purgeAfterReminder()),
                policy.batch() - reminded.size())
                : List.of();
        int purged = 0;
        for (UUID parentId : concat(reminded, unreachable)) {
            parentLock.exclusive(parentId); // a child registered since the query above keeps the parent
            if (!contacts.stillIdle(parentId)) {
                continue;
            }
            purged++;
            parentRecords.forget(parentId); // consent forms and the parent's data key go with the contact
            accounts.record(parentId, AccountDeletion.Reason.IDLE); // then their Keycloak user, outside this transaction
            ledger.append(LedgerType.IDLE_PARENT_PURGED, null, parentId,
                    Map.of("remindAfter", policy.remindAfter().toString(), "purgeAfterReminder", policy.purgeAfterReminder().toString()));
        }
        return purged;
    }

    private static List<UUID> concat(List<UUID> first, List<UUID> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** @param claimedAt when it was claimed: the contact's mark of a sent reminder, cleared again if the mail fails */
    private record Reminder(UUID parentId, String email, Instant claimedAt) {
    }
}

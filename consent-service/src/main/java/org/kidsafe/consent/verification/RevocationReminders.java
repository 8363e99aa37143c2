package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.retention.Batches;
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

/**
 * Email plus's delayed second message (16 CFR 312.5(b)(2)(vi)): the parent can revoke. Run by {@code RevocationReminderJob}.
 * <p>
 * Replica-safe and bounded (issue 21 item 1): reminders are claimed in batches of
 * {@code kidsafe.jobs.revocation-reminder.batch} under {@code FOR UPDATE SKIP LOCKED}, so replicas share them, and
 * mailed after the claim commits (no SMTP inside a transaction, where it held a row lock for as long as the mail
 * server took); a failed mail un-claims its reminder for a later run, a sent one is recorded in the ledger.
 */
@ApplicationScoped
public class RevocationReminders {

    static final String JOB = "revocation-reminder";
    private static final Logger LOG = Logger.getLogger(RevocationReminders.class);

    private final ParentContactRepository contacts;
    private final ParentMail mail;
    private final ParentLanguages languages;
    private final EmailPlusVerification method;
    private final Ledger ledger;
    private final JobLock jobs;
    private final Clock clock;

    RevocationReminders(ParentContactRepository contacts, ParentMail mail, ParentLanguages languages, EmailPlusVerification method, Ledger ledger, JobLock jobs,
                        Clock clock) {
        this.contacts = contacts;
        this.mail = mail;
        this.languages = languages;
        this.method = method;
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Sends every due reminder, batch by batch until none is left or a mail fails; returns how many went. */
    public int sendDue() {
        int size = jobs.batchSize(JOB);
        return Batches.claimThenSend(size, () -> {
            // Stored with microseconds: the same instant un-claims a reminder whose mail failed.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return QuarkusTransaction.requiringNew().call(() -> claim(now, size));
        }, this::send);
    }

    private List<Reminder> claim(Instant now, int size) {
        List<ParentContact> due = contacts.remindersDueForUpdate(now, size);
        for (ParentContact contact : due) {
            contact.reminderSentAt = now;
        }
        return due.stream().map(contact -> new Reminder(contact.parentId, contact.email, now)).toList();
    }

    private boolean send(Reminder reminder) {
        Instant claimedAt = reminder.claimedAt();
        try {
            mail.sendRevocationReminder(reminder.email(), languages.of(reminder.parentId(), null));
        } catch (ProblemException e) {
            LOG.warn("A revocation reminder could not be sent; it stays due");
            QuarkusTransaction.requiringNew().run(() -> contacts.findByIdOptional(reminder.parentId())
                    .filter(contact -> claimedAt.equals(contact.reminderSentAt))
                    .ifPresent(contact -> contact.reminderSentAt = null));
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> ledger.append(LedgerType.VERIFICATION_REMINDER_SENT, null, reminder.parentId(),
                Map.of("method", method.name())));
        return true;
    }

    /** @param claimedAt when it was claimed: the contact's mark of a sent reminder, cleared again if the mail fails */
    private record Reminder(UUID parentId, String email, Instant claimedAt) {
    }
}

package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.preference.ParentLanguages;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed consent forms nobody decided within {@link VerificationSettings#formExpiry} (issue 18 item 2): the file is
 * deleted and the form marked EXPIRED in one transaction, then the parent is emailed that it went and can upload again.
 * Run by {@code ConsentFormExpiryJob}.
 * <p>
 * Replica-safe and bounded: forms are taken in batches under {@code FOR UPDATE SKIP LOCKED}; the mails are sent after the
 * expiry commits (no SMTP inside a transaction) from a notice flag that the same claim clears, and a failed mail sets it
 * again, so a crash or an SMTP outage delays the mail without losing it.
 */
@ApplicationScoped
public class ConsentFormExpiry {

    private static final Logger LOG = Logger.getLogger(ConsentFormExpiry.class);
    /** Forms per transaction. */
    private static final int BATCH = 100;

    private final ConsentFormRepository forms;
    private final ConsentFormService formService;
    private final ParentContactRepository contacts;
    private final ParentMail mail;
    private final ParentLanguages languages;
    private final VerificationSettings settings;
    private final Ledger ledger;
    private final Clock clock;

    ConsentFormExpiry(ConsentFormRepository forms, ConsentFormService formService, ParentContactRepository contacts, ParentMail mail, ParentLanguages languages, VerificationSettings settings,
                      Ledger ledger, Clock clock) {
        this.forms = forms;
        this.formService = formService;
        this.contacts = contacts;
        this.mail = mail;
        this.languages = languages;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Expires every overdue pending form, batch by batch; returns how many. */
    public int expireDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::expireBatch));
    }

    /** Emails the parent of every expired form not yet told, batch by batch until none is left or a mail fails. */
    public int notifyParents() {
        return Batches.claimThenSend(BATCH, () -> QuarkusTransaction.requiringNew().call(this::claimNotices), this::send);
    }

    private int expireBatch() {
        Instant now = clock.instant();
        List<ConsentForm> due = forms.pendingSubmittedBeforeForUpdate(now.minus(settings.formExpiry()), BATCH);
        for (ConsentForm form : due) {
            form.status = ConsentForm.Status.EXPIRED;
            form.decidedAt = now;
            form.sealedContent = null;
            form.contentType = null;
            form.sizeBytes = null;
            form.expiryNoticeDue = true;
            ledger.append(LedgerType.CONSENT_FORM_EXPIRED, null, form.parentId,
                    Map.of("formId", form.id, "formExpiry", settings.formExpiry().toString()));
        }
        due.stream().map(form -> form.parentId).distinct().sorted().forEach(formService::destroyKeyIfNothingPending);
        return due.size();
    }

    /** Clears the notice flags of a batch; returns the mails to send (a parent no address reaches gets none). */
    private List<Notice> claimNotices() {
        List<ConsentForm> due = forms.expiryNoticesDueForUpdate(BATCH);
        List<Notice> notices = new ArrayList<>();
        for (ConsentForm form : due) {
            form.expiryNoticeDue = false;
            contacts.findByIdOptional(form.parentId)
                    .ifPresent(contact -> notices.add(new Notice(form.id, form.parentId, contact.email, form.submittedAt)));
        }
        return notices;
    }

    private boolean send(Notice notice) {
        try {
            mail.sendFormExpired(notice.email(), languages.of(notice.parentId(), null), notice.submittedAt(), settings.formExpiry());
            return true;
        } catch (ProblemException e) {
            LOG.warn("A consent form's expiry notice could not be sent; it stays due");
            QuarkusTransaction.requiringNew().run(() -> forms.findByIdOptional(notice.formId())
                    .ifPresent(form -> form.expiryNoticeDue = true));
            return false;
        }
    }

    private record Notice(UUID formId, UUID parentId, String email, Instant submittedAt) {
    }
}

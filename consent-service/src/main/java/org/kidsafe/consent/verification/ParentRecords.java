package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.consent.preference.ParentLanguages;

import java.util.Optional;
import java.util.UUID;

/**
 * What consent-service keeps about a parent themselves (not about a child): their contact, codes, signed consent forms,
 * data key, verifications and preferences. Forgotten as a whole when the parent leaves or is purged as idle (issue 18 item 5, issue 19
 * item 5).
 */
@ApplicationScoped
public class ParentRecords {

    private final ParentContactRepository contacts;
    private final ParentVerificationRepository verifications;
    private final EmailVerificationService email;
    private final Event<ParentForgotten> forgotten;
    private final ParentLanguages languages;

    ParentRecords(ParentContactRepository contacts, ParentVerificationRepository verifications, EmailVerificationService email,
                  Event<ParentForgotten> forgotten, ParentLanguages languages) {
        this.contacts = contacts;
        this.languages = languages;
        this.verifications = verifications;
        this.email = email;
        this.forgotten = forgotten;
    }

    /** The parent's address, if they gave one. */
    @Transactional(TxType.MANDATORY)
    public Optional<String> emailOf(UUID parentId) {
        return contacts.findByIdOptional(parentId).map(contact -> contact.email);
    }

    /**
     * Deletes the parent's contact, codes, consent forms (with their data key), verifications and preferences, in the
     * caller's transaction, and tells the features that keep more ({@link ParentForgotten}).
     */
    @Transactional(TxType.MANDATORY)
    public void forget(UUID parentId) {
        email.forgetContact(parentId);
        verifications.delete("parentId", parentId);
        languages.forget(parentId);
        forgotten.fire(new ParentForgotten(parentId));
    }
}

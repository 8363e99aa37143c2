package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.verification.ParentContactRepository;
import org.kidsafe.consent.verification.ParentMail;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.consent.preference.ParentLanguages;

import java.util.Map;
import java.util.UUID;

/** Notices to parents about things other services did to their child's data on their own. */
@ApplicationScoped
public class ParentNotices {

    private static final Logger LOG = Logger.getLogger(ParentNotices.class);

    private final ChildGuardians guardians;
    private final ParentContactRepository contacts;
    private final ParentMail mail;
    private final ParentLanguages languages;
    private final Ledger ledger;

    ParentNotices(ChildGuardians guardians, ParentContactRepository contacts, ParentMail mail, ParentLanguages languages, Ledger ledger) {
        this.guardians = guardians;
        this.contacts = contacts;
        this.mail = mail;
        this.languages = languages;
        this.ledger = ledger;
    }

    /**
     * profile-service erased a profile after the inactivity period: record it and, when the parent
     * gave an address, tell them. A mail failure fails the event so the inbox retries it.
     */
    @Transactional
    public void profileExpired(UUID childId, ProfileExpired expired) {
        if (!guardians.guardiansOf(childId).contains(expired.parentId())) {
            LOG.warnf("ProfileExpired for child %s does not match a registered child of that parent; ignored", childId);
            return;
        }
        boolean notified = contacts.findByIdOptional(expired.parentId()).map(contact -> {
            mail.sendProfileExpired(contact.email, languages.of(expired.parentId(), null), expired.lastActivityAt());
            return true;
        }).orElse(false);
        ledger.append(LedgerType.PROFILE_EXPIRED, childId, expired.parentId(),
                Map.of("reason", expired.reason(), "lastActivityAt", expired.lastActivityAt().toString(), "parentNotified", notified));
    }
}

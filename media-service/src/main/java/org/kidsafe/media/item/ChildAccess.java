package org.kidsafe.media.item;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consentprojection.ConsentGate;

import java.util.UUID;

/** Object ownership for parents' endpoints: only the child's own parent; everyone else gets 404. */
@ApplicationScoped
public class ChildAccess {

    private final ConsentGate consent;
    private final Caller caller;

    ChildAccess(ConsentGate consent, Caller caller) {
        this.consent = consent;
        this.caller = caller;
    }

    @Transactional(TxType.SUPPORTS)
    public void requireOwnChild(UUID childId) {
        caller.requireParentOf(consent.parentOf(childId).orElse(null));
    }
}

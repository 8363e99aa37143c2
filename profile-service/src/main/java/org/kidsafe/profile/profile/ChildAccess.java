package org.kidsafe.profile.profile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consentprojection.ConsentGate;

import java.util.UUID;

/** Ownership of a child, from this service's consent projection: a stranger gets the 404 of an unknown id. */
@ApplicationScoped
public class ChildAccess {

    private final ConsentGate consent;

    ChildAccess(ConsentGate consent) {
        this.consent = consent;
    }

    @Transactional(TxType.MANDATORY)
    public void requireParent(UUID parentId, UUID childId) {
        if (!consent.parentOf(childId).map(parentId::equals).orElse(false)) {
            throw ProblemException.notFound("child");
        }
    }
}

package org.kidsafe.commons.access;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;

import java.util.UUID;

/**
 * The one ownership check, called by services (never resources) before they touch a child's data:
 * a guardian of the child, or a toy bound to the child, may act for it. Everyone else gets the same
 * 404 as for an unknown child, so child ids cannot be probed.
 */
@ApplicationScoped
public class ChildAccess {

    private final Guardians guardians;
    private final Caller caller;

    ChildAccess(Guardians guardians, Caller caller) {
        this.guardians = guardians;
        this.caller = caller;
    }

    /** The calling parent is a guardian of the child, or the calling toy is bound to it; otherwise 404. */
    public void requireAccess(UUID childId) {
        if (caller.isParent()) {
            requireGuardian(caller.parentId(), childId);
        } else if (!caller.isToy() || !caller.toyChildId().equals(childId)) {
            throw notFound();
        }
    }

    /** This parent is a guardian of the child; otherwise 404. For services that are given the parent's id. */
    public void requireGuardian(UUID parentId, UUID childId) {
        if (parentId == null || !guardians.guardiansOf(childId).contains(parentId)) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("child");
    }
}

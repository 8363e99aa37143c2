package org.kidsafe.profile.pairing;

import org.kidsafe.commons.problem.ProblemException;

/** The identity provider refused or did not answer; the caller may retry later (503). */
public class IdentityProviderUnavailableException extends ProblemException {

    public IdentityProviderUnavailableException() {
        super(503, "identity-provider-unavailable", "Service unavailable", "Toy identities cannot be changed right now. Please try again later.");
    }
}

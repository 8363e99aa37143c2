package org.kidsafe.consent.verification;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A parent's verification state: what they passed, what methods exist, and their forms under review. */
public record VerificationView(List<Passed> passed, List<Method> methods, List<ConsentFormView> consentForms) {

    public record Passed(String method, int assuranceLevel, Instant verifiedAt) {
    }

    public record Method(String name, int assuranceLevel, Set<DataCategory> unlocks) {
    }

    /** A confirmation code is on its way. */
    public record CodeSent(UUID challengeId, Instant expiresAt) {
    }
}

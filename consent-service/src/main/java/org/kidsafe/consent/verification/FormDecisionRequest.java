package org.kidsafe.consent.verification;

import jakarta.validation.constraints.NotNull;

/** A compliance officer's decision on a signed consent form. */
public record FormDecisionRequest(@NotNull Boolean approved) {
}

package org.kidsafe.consent.verification;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.UUID;

/** The code from the email, for the challenge it was sent with. */
public record EmailConfirmRequest(@NotNull UUID challengeId, @NotNull @Pattern(regexp = "\\d{8}") String code) {
}

package org.kidsafe.consent.verification;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The parent's email address, used only to verify them and to remind them they can revoke. */
public record EmailCodeRequest(@NotBlank @Email @Size(max = 254) String email) {
}

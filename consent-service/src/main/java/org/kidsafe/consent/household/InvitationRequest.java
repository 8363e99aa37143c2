package org.kidsafe.consent.household;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Whom to invite as the child's guardian: the address the link is mailed to, which is not kept. */
public record InvitationRequest(@NotBlank @Email @Size(max = 254) String email) {
}

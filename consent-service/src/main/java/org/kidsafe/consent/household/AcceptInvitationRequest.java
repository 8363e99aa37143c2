package org.kidsafe.consent.household;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The token from the invitation's link ({@code #invitation=<token>}). */
public record AcceptInvitationRequest(@NotBlank @Size(max = 100) String token) {
}

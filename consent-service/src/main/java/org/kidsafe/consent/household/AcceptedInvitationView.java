package org.kidsafe.consent.household;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** The child the caller is now a guardian of. */
@Schema(name = "AcceptedInvitation")
public record AcceptedInvitationView(UUID childId) {
}

package org.kidsafe.consent.household;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An invitation just sent: its id (to cancel it) and when its link expires. */
@Schema(name = "Invitation")
public record InvitationView(UUID invitationId, UUID childId, Instant expiresAt) {
}

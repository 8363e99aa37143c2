package org.kidsafe.consent.household;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A child's household (issue 19 item 4): its guardians and the invitations still open. Ids, times and masked hints only. */
@Schema(name = "Household")
public record HouseholdView(UUID childId, List<Guardian> guardians, List<PendingInvitation> invitations) {

    /** @param you whether this guardian is the caller */
    @Schema(name = "HouseholdGuardian")
    public record Guardian(UUID parentId, Instant addedAt, boolean you) {
    }

    /** @param emailHint the invitee's address masked, e.g. {@code a***@example.com} */
    @Schema(name = "PendingInvitation")
    public record PendingInvitation(UUID invitationId, String emailHint, Instant expiresAt) {
    }
}

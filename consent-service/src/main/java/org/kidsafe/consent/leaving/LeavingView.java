package org.kidsafe.consent.leaving;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a parent's leaving stands: the erasures started for their children, and whether their own records went. */
@Schema(name = "Leaving", description = "Your leaving KidSafe: one erasure per child (follow each at /v1/erasures/{erasureId}); "
        + "once all completed, the receipts are mailed to you, then your address, forms and codes are deleted, then your account.")
public record LeavingView(
        @Schema(description = "When you asked to leave") Instant startedAt,
        @Schema(description = "The erasures started for your children, by id; empty when you had none") List<UUID> erasureIds,
        @Schema(description = "Whether the receipts were mailed and your own records deleted (your account goes next)") boolean recordsDeleted) {

    static LeavingView of(ParentLeaving leaving) {
        return new LeavingView(leaving.startedAt, leaving.erasureIds.stream().sorted().toList(), leaving.dataDeletedAt != null);
    }
}

package org.kidsafe.consent.notification;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** @param retentionDigest whether to get the weekly retention digest (issue 19 item 8) */
@Schema(name = "NotificationSettingsRequest", description = "Your notification choices to keep")
public record NotificationSettingsRequest(
        @NotNull @Schema(description = "Whether you want the weekly email listing your children's data about to be deleted", required = true)
        Boolean retentionDigest) {
}

package org.kidsafe.consent.notification;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A parent's notification choices (issue 19 item 8). The mails about erasures and toys are not optional: they tell the
 * parent what happened to their child's data and devices.
 *
 * @param retentionDigest whether the weekly digest of data about to reach its retention limit is mailed; on by default
 */
@Schema(name = "NotificationSettings", description = "Your notification choices")
public record NotificationSettingsView(
        @Schema(description = "Whether you get the weekly email listing your children's data about to be deleted at its retention limit",
                defaultValue = "true", required = true)
        boolean retentionDigest) {

    static final NotificationSettingsView DEFAULTS = new NotificationSettingsView(true);
}

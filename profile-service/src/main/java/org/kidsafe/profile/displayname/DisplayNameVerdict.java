package org.kidsafe.profile.displayname;

/**
 * Whether a display name would be accepted.
 *
 * @param reason  the refusal code (e.g. PHONE_NUMBER), null when acceptable
 * @param message what to tell the parent, null when acceptable
 */
public record DisplayNameVerdict(boolean acceptable, String reason, String message) {
}

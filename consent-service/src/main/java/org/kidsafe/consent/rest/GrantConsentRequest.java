package org.kidsafe.consent.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.kidsafe.events.DataCategory;

import java.util.UUID;

/**
 * A parent's consent to one data category for their child.
 *
 * @param parentId      the consenting parent (taken from the access token once identity lands)
 * @param category      the data category consented to
 * @param noticeVersion the version of the direct notice the parent read
 */
public record GrantConsentRequest(@NotNull UUID parentId, @NotNull DataCategory category, @NotNull @Positive Integer noticeVersion) {
}

package org.kidsafe.consent.consent;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.kidsafe.events.DataCategory;


/**
 * A parent's consent to one data category for their child.
 *
 * @param category      the data category consented to
 * @param noticeVersion the version of the direct notice the parent read
 */
public record GrantConsentRequest(@NotNull DataCategory category, @NotNull @Positive Integer noticeVersion) {
}

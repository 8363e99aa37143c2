package org.kidsafe.consent.consent;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.UUID;

/**
 * A consent as the parent's app sees it, with the notice and the verification behind it: {@code noticeVersion} and
 * {@code noticeHash} name the notice the consent was given under, the one emailed to the parent at
 * {@code noticeSentAt} (issue 19 item 2), or, where that is null, a notice only served (see {@link ConsentRecord#noticeSentAt}).
 */
public record ConsentView(UUID id, UUID childId, DataCategory category,
                          @Schema(description = "The direct notice version this consent was given under: the one emailed to you when you started the verification behind it")
                          int noticeVersion,
                          @Schema(description = "SHA-256 (hex) of that notice's text") String noticeHash,
                          @Schema(description = "When that notice was emailed to you; null when it was only shown (a verification that mailed none, such as a signed form from a parent without an address, or one from before notices were emailed)")
                          Instant noticeSentAt,
                          String verificationMethod, int assuranceLevel, Instant grantedAt, Instant revokedAt,
                          @Schema(description = "Set when a material change of the notice needs you to renew this consent: grant the category again naming the current notice before then, or collection under it stops at that moment (issue 19 item 3); null when the consent is valid as it is")
                          Instant renewalDueAt) {

    public static ConsentView of(ConsentRecord consent) {
        return new ConsentView(consent.id, consent.childId, consent.category, consent.noticeVersion, consent.noticeHash, consent.noticeSentAt,
                consent.verificationMethod, consent.assuranceLevel, consent.grantedAt, consent.revokedAt, consent.renewalDueAt);
    }
}

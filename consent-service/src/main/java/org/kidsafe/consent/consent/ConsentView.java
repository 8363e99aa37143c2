package org.kidsafe.consent.consent;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.UUID;

/** A consent as the parent's app sees it, with the notice and the verification behind it. */
public record ConsentView(UUID id, UUID childId, DataCategory category, int noticeVersion, String noticeHash, String verificationMethod,
                          int assuranceLevel, Instant grantedAt, Instant revokedAt) {

    public static ConsentView of(ConsentRecord consent) {
        return new ConsentView(consent.id, consent.childId, consent.category, consent.noticeVersion, consent.noticeHash,
                consent.verificationMethod, consent.assuranceLevel, consent.grantedAt, consent.revokedAt);
    }
}

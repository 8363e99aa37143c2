package org.kidsafe.consent.rest;

import org.kidsafe.consent.domain.ConsentRecord;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.UUID;

/** A consent as the parent's app sees it. */
public record ConsentView(UUID id, UUID childId, DataCategory category, int noticeVersion, int assuranceLevel, Instant grantedAt,
                          Instant revokedAt) {

    static ConsentView of(ConsentRecord consent) {
        return new ConsentView(consent.id, consent.childId, consent.category, consent.noticeVersion, consent.assuranceLevel,
                consent.grantedAt, consent.revokedAt);
    }
}

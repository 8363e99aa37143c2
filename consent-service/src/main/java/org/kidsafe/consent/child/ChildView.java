package org.kidsafe.consent.child;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A registered child: an opaque id, when it was registered, and the consent state of every category. */
public record ChildView(UUID childId, Instant createdAt, List<CategoryState> consents) {

    /** GRANTED, REVOKED (granted once, withdrawn) or NOT_GRANTED; THIRD_PARTY_DISCLOSURE starts NOT_GRANTED like every category. */
    public record CategoryState(DataCategory category, String state, Integer noticeVersion, String verificationMethod, Instant since,
                                @Schema(description = "For a granted category whose notice changed materially since: renew (grant it again with the current notice) before this moment, or collection stops then (issue 19 item 3); null otherwise")
                                Instant renewalDueAt) {
    }

    static ChildView of(ChildService.ChildConsents child) {
        List<CategoryState> states = Arrays.stream(DataCategory.values()).map(category -> stateOf(category, child.consents())).toList();
        return new ChildView(child.child().id, child.child().createdAt, states);
    }

    private static CategoryState stateOf(DataCategory category, List<ConsentRecord> consents) {
        Optional<ConsentRecord> latest = consents.stream().filter(consent -> consent.category == category)
                .max(Comparator.comparing(consent -> consent.grantedAt));
        if (latest.isEmpty()) {
            return new CategoryState(category, "NOT_GRANTED", null, null, null, null);
        }
        ConsentRecord consent = latest.get();
        return consent.isActive()
                ? new CategoryState(category, "GRANTED", consent.noticeVersion, consent.verificationMethod, consent.grantedAt, consent.renewalDueAt)
                : new CategoryState(category, "REVOKED", consent.noticeVersion, consent.verificationMethod, consent.revokedAt, null);
    }
}

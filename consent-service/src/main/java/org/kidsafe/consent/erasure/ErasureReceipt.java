package org.kidsafe.consent.erasure;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The claims of the receipt consent-service signs when an erasure saga is complete: opaque ids,
 * categories, counts, digests and times, never personal information. Anyone can verify it with the
 * key published at {@code GET /v1/keys}.
 *
 * @param issuer      always {@code consent-service}
 * @param erasureId   the saga
 * @param childId     the child (an opaque id)
 * @param categories  the categories erased
 * @param requestedAt when the parent asked
 * @param completedAt when the last participant's report was accepted
 * @param services    each service's part, consent-service's own first
 */
public record ErasureReceipt(String issuer, UUID erasureId, UUID childId, Set<DataCategory> categories, Instant requestedAt,
                             Instant completedAt, List<Part> services) {

    /**
     * @param service      the service
     * @param reportDigest SHA-256 of the service's signed report (null for consent-service's own part)
     * @param erased       what it erased, as counts
     * @param method       how, as the service reported it
     * @param completedAt  when the service finished
     * @param receivedAt   when consent-service accepted the report
     */
    public record Part(String service, String reportDigest, Map<String, Long> erased, String method, Instant completedAt,
                       Instant receivedAt) {
    }
}

package org.kidsafe.consent.erasure;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An erasure saga as the parent sees it. {@code receipt} is a compact JWS (ES256) signed by
 * consent-service, verifiable with the key at {@code GET /v1/keys}; present once COMPLETED.
 */
public record ErasureView(UUID erasureId, UUID childId, Set<DataCategory> categories, String status, Instant requestedAt,
                          Instant completedAt, List<String> pendingServices, String receipt) {

    public static ErasureView of(ErasureRequest request, List<String> pendingServices) {
        return new ErasureView(request.id, request.childId, request.categories, request.status.name(), request.requestedAt,
                request.completedAt, pendingServices, request.receipt);
    }
}

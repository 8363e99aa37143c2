package org.kidsafe.erasure.participant;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureRequested;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A service's own erasure, plugged into the {@link ErasureParticipant}. The service knows its
 * stores; the participant knows the saga (once per request, re-check, sign, publish). Exactly one
 * bean of a service implements it.
 */
public interface ChildDataErasure {

    /**
     * Erases, or starts erasing, what this service holds about a child in the requested categories.
     * Runs in the transaction that records the request as consumed, so a redelivered request has no
     * second effect and a failure leaves nothing half-consumed.
     *
     * @return what was erased, for the participant to re-check and report at once in this same
     *         transaction; or empty when the service finishes in the background (blobs outside the
     *         database) and reports later through {@link ErasureParticipant#reportIfEmpty}
     * @param receivedAt when this service's consumer took the request off its topic (its own clock), which a service
     *                   that finishes in the background keeps for its report (issue 22 item 2)
     */
    Optional<Erased> erase(UUID childId, ErasureRequested request, Instant receivedAt);

    /**
     * The re-check: queries this service's own stores and answers true only when nothing of the
     * child in these categories remains (categories this service never holds count as empty). A
     * report says {@code verifiedEmpty} only on this answer, never on the erasure's own counts.
     */
    boolean holdsNothing(UUID childId, Set<DataCategory> categories);

    /**
     * Called after each erasure request was delivered and its transaction committed (also for a
     * redelivery that had no effect), outside any transaction. A service that finishes in the
     * background wakes its worker here; the default does nothing.
     */
    default void requestCommitted() {
    }
}

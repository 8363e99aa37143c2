package org.kidsafe.consent.replay;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What one erasure replay announced again, ids and instants only (the ledger records the same per erasure).
 *
 * @param replayId   names this replay in the ledger's {@code ERASURE_REPLAYED} entries
 * @param since      the instant asked for
 * @param until      when the replay started: erasures requested later were never lost and are not replayed
 * @param erasures   how many erasures were announced again
 * @param erasureIds their ids, oldest first
 * @param consentChanges how many consents granted or revoked in the span were announced again as they stand now
 */
public record ErasureReplayView(UUID replayId, Instant since, Instant until, int erasures, List<UUID> erasureIds, int consentChanges) {
}

package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one service erased for one saga: the claims of the JWS it signs and sends in
 * {@link ErasureCompletedV3} (without {@code receivedAt} and {@code bytesGoneAt} in {@link ErasureCompletedV2}, and also
 * without {@code stores} in {@link ErasureCompleted}). Counts, methods and times only, never the erased data.
 * <p>
 * Its moments, in the order they happen, are the participant's hops of the saga (issue 22 item 2): {@code receivedAt}
 * (the request taken off the topic), {@code unreadableAt} (the key destroyed), {@code bytesGoneAt} (records and files
 * deleted) and {@code completedAt} (re-checked, signed and handed to the outbox: the report sent, as far as the
 * participant is concerned; its outbox relay publishes it right after that commit).
 *
 * @param erasureId     the saga
 * @param childId       the child (an opaque id)
 * @param service       the reporting service
 * @param categories    the categories this request covered
 * @param erased        what was erased and how many, e.g. {@code {"photo": 12, "data-key": 1}}
 * @param method        how, e.g. "data key destroyed, rows deleted, blobs deleted"
 * @param verifiedEmpty the result of re-checking that nothing remains
 * @param unreadableAt  when the data became unreadable (key destroyed), if keys are used
 * @param completedAt   when the service finished: every byte gone, re-checked by query, and this report signed
 * @param stores        each store's two moments (version 2); null in a version 1 report
 * @param receivedAt    when the service's consumer took the request off its topic, by the service's clock (version 3;
 *                      null before)
 * @param bytesGoneAt   when the service's records and files of the child were deleted, before the re-check (version 3;
 *                      null before)
 */
public record ErasureReport(UUID erasureId, UUID childId, String service, Set<DataCategory> categories, Map<String, Long> erased,
                            String method, boolean verifiedEmpty, Instant unreadableAt, Instant completedAt, List<Store> stores,
                            Instant receivedAt, Instant bytesGoneAt) {

    /**
     * When one store's copy of the child's data became unreadable (issue 18 item 1).
     *
     * @param store               the store, e.g. {@code "media database"}, {@code "blob store"}
     * @param unreadableAt        T1: its live copy is unreadable (the child's data key destroyed, or the rows deleted)
     * @param backupsUnreadableAt T2: its backups and WAL are unreadable, when the key-encryption key that wrapped the
     *                            child's key in them is retired (T1 plus the KEK rotation period); null when the store's
     *                            erased data was not under a destroyed key (ids only, or a key the child keeps), so its
     *                            backups hold it until the deployment's backup retention ends
     */
    public record Store(String store, Instant unreadableAt, Instant backupsUnreadableAt) {
    }
}

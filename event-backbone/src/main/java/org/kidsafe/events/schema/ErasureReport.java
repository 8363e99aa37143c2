package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one service erased for one saga: the claims of the JWS it signs and sends in
 * {@link ErasureCompleted}. Counts and methods only, never the erased data.
 *
 * @param erasureId     the saga
 * @param childId       the child (an opaque id)
 * @param service       the reporting service
 * @param categories    the categories this request covered
 * @param erased        what was erased and how many, e.g. {@code {"photo": 12, "data-key": 1}}
 * @param method        how, e.g. "data key destroyed, rows deleted, blobs deleted"
 * @param verifiedEmpty the result of re-checking that nothing remains
 * @param unreadableAt  when the data became unreadable (key destroyed), if keys are used
 * @param completedAt   when every byte was gone
 */
public record ErasureReport(UUID erasureId, UUID childId, String service, Set<DataCategory> categories, Map<String, Long> erased,
                            String method, boolean verifiedEmpty, Instant unreadableAt, Instant completedAt) {
}

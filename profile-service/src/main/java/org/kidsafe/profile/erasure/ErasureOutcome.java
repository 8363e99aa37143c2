package org.kidsafe.profile.erasure;

import java.time.Instant;
import java.util.Map;

/**
 * What one erasure removed and whether a re-check found nothing left.
 *
 * @param erased        counts by kind, e.g. {@code {"profile": 1, "data-key": 1}}
 * @param verifiedEmpty true when a query after the deletion found no row of the child
 * @param unreadableAt  when the child's data key was destroyed, or null if it had none
 */
public record ErasureOutcome(Map<String, Long> erased, boolean verifiedEmpty, Instant unreadableAt) {
}

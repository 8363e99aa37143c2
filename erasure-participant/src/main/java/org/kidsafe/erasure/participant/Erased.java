package org.kidsafe.erasure.participant;

import java.time.Instant;
import java.util.Map;

/**
 * What one service erased for one request, as it goes into the signed report. The map is reported
 * in its own iteration order, so a service keeps the order its reports always had.
 *
 * @param counts       what was erased and how many, e.g. {@code {"profile": 1, "data-key": 1}}; counts only, never data
 * @param method       how, in words, e.g. "data key destroyed, rows deleted, re-checked by query"
 * @param unreadableAt when the data became unreadable (the data key destroyed), or null when no key was involved
 */
public record Erased(Map<String, Long> counts, String method, Instant unreadableAt) {

    /** Nothing erased because nothing of the requested categories is held here. */
    public static Erased nothing(String method) {
        return new Erased(Map.of(), method, null);
    }
}

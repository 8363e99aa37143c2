package org.kidsafe.erasure.participant;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one service erased for one request, as it goes into the signed report. The map is reported
 * in its own iteration order, so a service keeps the order its reports always had.
 *
 * @param counts       what was erased and how many, e.g. {@code {"profile": 1, "data-key": 1}}; counts only, never data
 * @param method       how, in words, e.g. "data key destroyed, rows deleted, re-checked by query"
 * @param unreadableAt when the data became unreadable (the data key destroyed), or null when no key was involved
 * @param keyDestroyed whether the child's data key was destroyed: only then do backups and WAL become unreadable, when
 *                     the KEK that wrapped the key there is retired (T2); otherwise the child keeps the key
 * @param stores       the stores the erased data lived in, e.g. {@code ["media database", "blob store"]}: the report
 *                     states T1 and T2 for each (issue 18 item 1)
 */
public record Erased(Map<String, Long> counts, String method, Instant unreadableAt, boolean keyDestroyed, List<String> stores) {

    /** Nothing erased because nothing of the requested categories is held here: no store to state moments for. */
    public static Erased nothing(String method) {
        return new Erased(Map.of(), method, null, false, List.of());
    }
}

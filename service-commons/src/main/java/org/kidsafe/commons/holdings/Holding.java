package org.kidsafe.commons.holdings;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * One kind of data a service holds about a child.
 *
 * @param category  the data category (a {@code DataCategory} name such as {@code PHOTOS}), or null for
 *                  what belongs to none, such as consent-service's record of the child's registration
 * @param kind      what is held, e.g. {@code photo}, {@code profile}, {@code consent-record}
 * @param count     how many
 * @param oldest    when the oldest was stored, null when there is none
 * @param newest    when the newest was stored, null when there is none
 * @param retention how long it is kept, as an ISO-8601 period such as {@code P365D}; null when it is
 *                  kept as long as the child's account exists
 */
@Schema(name = "Holding")
public record Holding(String category, String kind, long count, Instant oldest, Instant newest,
                      @Schema(description = "ISO-8601 retention period, e.g. P365D") String retention) {
}

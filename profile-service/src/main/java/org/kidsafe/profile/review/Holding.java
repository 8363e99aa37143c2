package org.kidsafe.profile.review;

import org.kidsafe.events.DataCategory;

import java.time.Instant;

/**
 * One kind of data held about a child (16 CFR 312.6 review).
 *
 * @param retention how long it is kept, as an ISO-8601 period such as {@code P548D}
 */
public record Holding(DataCategory category, String kind, long count, Instant oldest, Instant newest, String retention) {
}

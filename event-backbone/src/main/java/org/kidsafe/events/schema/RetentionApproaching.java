package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.time.Instant;
import java.util.Map;

/**
 * Some of a child's media reach their retention limit soon (16 CFR 312.10; issue 19 item 8): media-service tells
 * consent-service once a week, per child (the record key), so that it can send each parent one weekly digest. Counts and
 * times only, never the items or their content.
 *
 * @param until           the end of the window: every counted item is purged before this instant
 * @param items           per category, how many items are purged before {@code until}; at least one
 * @param earliestPurgeAt when the first of them is purged
 */
@EventSchema(type = "RetentionApproaching", version = 1, topic = Topics.MEDIA)
public record RetentionApproaching(Instant until, Map<DataCategory, Long> items, Instant earliestPurgeAt) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(until != null, "until is required");
        ValidatedPayload.require(items != null && !items.isEmpty() && items.values().stream().allMatch(count -> count != null && count > 0),
                "items must name at least one category with a positive count");
        ValidatedPayload.require(earliestPurgeAt != null && !earliestPurgeAt.isAfter(until), "earliestPurgeAt is required, before until");
    }
}

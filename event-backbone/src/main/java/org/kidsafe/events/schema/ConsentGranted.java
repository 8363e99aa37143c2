package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * A verified parent consented to one data category for their child.
 *
 * @param parentId       the parent's opaque identity-provider subject
 * @param category       the data category now allowed
 * @param noticeVersion  version of the direct notice the parent agreed to
 * @param assuranceLevel strength of the parent's verification (see consent-service)
 */
@EventSchema(type = "ConsentGranted", version = 1, topic = Topics.CONSENT)
public record ConsentGranted(UUID parentId, DataCategory category, int noticeVersion, int assuranceLevel) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(parentId != null, "parentId is required");
        ValidatedPayload.require(category != null, "category is required");
        ValidatedPayload.require(noticeVersion > 0, "noticeVersion must be positive");
    }
}

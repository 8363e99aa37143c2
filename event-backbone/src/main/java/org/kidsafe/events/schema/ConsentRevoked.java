package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * The parent withdrew consent for one category: collection stops at once in every service.
 *
 * @param parentId the parent's opaque identity-provider subject
 * @param category the data category no longer allowed
 */
@EventSchema(type = "ConsentRevoked", version = 1, topic = Topics.CONSENT)
public record ConsentRevoked(UUID parentId, DataCategory category) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(parentId != null, "parentId is required");
        ValidatedPayload.require(category != null, "category is required");
    }
}

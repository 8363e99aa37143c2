package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.Set;
import java.util.UUID;

/**
 * consent-service asks every service to erase what it holds about a child.
 *
 * @param erasureId  the saga's id; every report answers it
 * @param categories the categories to erase; every category when the whole child is deleted
 */
@EventSchema(type = "ErasureRequested", version = 1, topic = Topics.ERASURE_REQUESTS)
public record ErasureRequested(UUID erasureId, Set<DataCategory> categories) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(erasureId != null, "erasureId is required");
        ValidatedPayload.require(categories != null && !categories.isEmpty(), "categories must not be empty");
    }
}

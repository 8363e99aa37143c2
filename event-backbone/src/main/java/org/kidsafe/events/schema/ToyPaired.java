package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * A toy was paired with a child and received its own identity. Version 1, with the raw device id: no longer
 * produced (issue 16); kept so that events of the previous release still in a topic or dead-letter topic are
 * read, see {@link ToyPairedV2}.
 *
 * @param deviceId the toy's opaque device id (also its identity-provider client id suffix)
 * @param parentId the parent who paired it
 */
@EventSchema(type = "ToyPaired", version = 1, topic = Topics.PROFILE)
public record ToyPaired(String deviceId, UUID parentId) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(deviceId != null && !deviceId.isBlank(), "deviceId is required");
        ValidatedPayload.require(parentId != null, "parentId is required");
    }
}

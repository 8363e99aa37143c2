package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

/**
 * A toy's binding to its child ended (unpaired by the parent, revoked, or erased): every service
 * refuses its token from now on, even before the token expires. Version 1, with the raw device id: no
 * longer produced (issue 16); kept for events of the previous release, see {@link ToyUnpairedV2}.
 *
 * @param deviceId the toy's opaque device id
 */
@EventSchema(type = "ToyUnpaired", version = 1, topic = Topics.PROFILE)
public record ToyUnpaired(String deviceId) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(deviceId != null && !deviceId.isBlank(), "deviceId is required");
    }
}

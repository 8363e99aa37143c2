package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

/**
 * A toy's binding to its child ended (unpaired by the parent, revoked, or erased): every service
 * refuses its token from now on, even before the token expires.
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

package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

/**
 * A toy's binding to its child ended (unpaired by the parent, revoked, or erased): every service
 * refuses its token from now on, even before the token expires. Version 2 carries the device's
 * pseudonym, never its raw id ({@link ToyPairedV2}).
 *
 * @param devicePseudonym base64url (no padding) of HMAC-SHA-256 of the device id, 43 characters
 */
@EventSchema(type = "ToyUnpaired", version = 2, topic = Topics.PROFILE)
public record ToyUnpairedV2(String devicePseudonym) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(devicePseudonym != null && ToyPairedV2.PSEUDONYM.matcher(devicePseudonym).matches(),
                "devicePseudonym must be 43 base64url characters");
    }
}

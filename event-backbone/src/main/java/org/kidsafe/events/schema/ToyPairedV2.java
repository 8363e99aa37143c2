package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A toy was paired with a child and received its own identity. Version 2 carries the device's pseudonym,
 * never its raw id: device ids are persistent identifiers (COPPA) and leave profile-service only as
 * HMAC-SHA-256 under the deployment's pseudonymisation key (issue 16). The pseudonym is also the
 * {@code device_id} claim of the toy's tokens, so consumers match tokens against it.
 *
 * @param devicePseudonym base64url (no padding) of HMAC-SHA-256 of the device id, 43 characters
 * @param parentId the parent who paired it
 */
@EventSchema(type = "ToyPaired", version = 2, topic = Topics.PROFILE)
public record ToyPairedV2(String devicePseudonym, UUID parentId) implements ValidatedPayload {

    /** The shape of a device pseudonym (32 bytes, base64url without padding). */
    public static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Override
    public void validate() {
        ValidatedPayload.require(devicePseudonym != null && PSEUDONYM.matcher(devicePseudonym).matches(),
                "devicePseudonym must be 43 base64url characters");
        ValidatedPayload.require(parentId != null, "parentId is required");
    }
}

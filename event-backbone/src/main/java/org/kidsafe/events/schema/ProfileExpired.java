package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.time.Instant;
import java.util.UUID;

/**
 * profile-service erased a child's profile on its own, e.g. after the inactivity period of the
 * retention policy; consent-service tells the parent.
 *
 * @param parentId       the parent to notify
 * @param reason         why, e.g. {@code INACTIVITY}
 * @param lastActivityAt the last parent or toy activity the profile saw
 */
@EventSchema(type = "ProfileExpired", version = 1, topic = Topics.PROFILE)
public record ProfileExpired(UUID parentId, String reason, Instant lastActivityAt) implements ValidatedPayload {

    public static final String INACTIVITY = "INACTIVITY";

    @Override
    public void validate() {
        ValidatedPayload.require(parentId != null, "parentId is required");
        ValidatedPayload.require(reason != null && !reason.isBlank(), "reason is required");
        ValidatedPayload.require(lastActivityAt != null, "lastActivityAt is required");
    }
}

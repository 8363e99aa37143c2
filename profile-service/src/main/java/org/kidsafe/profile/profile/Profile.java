package org.kidsafe.profile.profile;

import java.time.Instant;
import java.util.UUID;

/** A decrypted profile, as the service hands it to the API. */
public record Profile(UUID childId, ProfileFields fields, Instant createdAt, Instant updatedAt, Instant lastActivityAt) {
}

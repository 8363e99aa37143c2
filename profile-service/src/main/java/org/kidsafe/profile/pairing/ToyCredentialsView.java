package org.kidsafe.profile.pairing;

import java.util.UUID;

/** The toy's own client credentials (client-credentials grant); shown once, never retrievable again. */
public record ToyCredentialsView(String clientId, String clientSecret, UUID childId) {
}

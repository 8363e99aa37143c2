package org.kidsafe.profile.pairing;

import java.util.UUID;

/**
 * What a toy needs after pairing, shown once: where and as which client to ask for tokens (password grant,
 * {@code scope=offline_access}, then refresh), its username and secret, and the child it acts for.
 */
public record ToyCredentialsView(String tokenEndpoint, String clientId, String username, String secret, UUID childId) {

    @Override
    public String toString() {
        return "ToyCredentialsView[" + username + "]";
    }
}

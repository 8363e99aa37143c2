package org.kidsafe.profile.pairing;

import java.util.UUID;

/**
 * Gives a paired toy its own identity at the identity provider and takes it away again. Both
 * operations are idempotent, so a retried pairing or erasure never fails on leftovers.
 */
public interface ToyIdentityIssuer {

    /** The client id every toy identity has: {@code toy-<deviceId>}. */
    static String clientIdOf(String deviceId) {
        return "toy-" + deviceId;
    }

    /**
     * Creates (or replaces) the toy's client, bound to one child.
     *
     * @throws IdentityProviderUnavailableException when the identity provider cannot do it now
     */
    ToyCredentials issue(String deviceId, UUID childId);

    /**
     * Deletes the toy's client; a client that does not exist counts as withdrawn.
     *
     * @throws IdentityProviderUnavailableException when the identity provider cannot do it now
     */
    void withdraw(String deviceId);
}

package org.kidsafe.profile.pairing;

import java.util.Optional;
import java.util.UUID;

/**
 * Gives a paired toy its own identity at the identity provider and takes it away again: a user of the toys'
 * group with the child's id and the device's pseudonym as attributes and a random secret as password
 * (docs/design/toy-identity.md). Callers never hold a database transaction while calling it (issue 21).
 */
public interface ToyIdentityIssuer {

    /** The domain of every toy's synthetic username ({@code .invalid}, RFC 2606: never delivered). */
    String USERNAME_DOMAIN = "toys.invalid";

    /**
     * The username {@code ./kidsafe toys migrate} gives a toy paired before toy users (its old client id
     * {@code toy-<deviceId>} at the toys' domain; launcher {@code ToyMigration.migratedUsername}).
     */
    static String migratedUsername(String deviceId) {
        return "toy-" + deviceId + "@" + USERNAME_DOMAIN;
    }

    /** A fresh username, random and not derived from the device id (anyone who knows it can trigger lockouts). */
    static String newUsername() {
        return "toy-" + UUID.randomUUID() + "@" + USERNAME_DOMAIN;
    }

    /**
     * Creates the toy's user, bound to one child; if a user with this username exists already (a retried
     * call whose answer was lost), gives it the new secret instead.
     *
     * @return the identity provider's id of the user and the toy's credentials
     * @throws IdentityProviderUnavailableException when the identity provider cannot do it now
     */
    ToyIdentity issue(String username, UUID childId, String devicePseudonym);

    /** The id of the user with this username, if there is one. */
    Optional<String> idOf(String username);

    /**
     * Deletes the toy's user, which ends its sessions and offline sessions; a user that does not exist counts
     * as withdrawn.
     *
     * @throws IdentityProviderUnavailableException when the identity provider cannot do it now
     */
    void withdraw(String identityId);
}

package org.kidsafe.profile;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.kidsafe.profile.pairing.IdentityProviderUnavailableException;
import org.kidsafe.profile.pairing.ToyCredentials;
import org.kidsafe.profile.pairing.ToyIdentityIssuer;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for Keycloak in service tests (the end-to-end module exercises the real one): remembers
 * which toy clients exist and for which child, and can play an unavailable identity provider.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingToyIdentityIssuer implements ToyIdentityIssuer {

    private final Map<String, UUID> clients = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    @Override
    public ToyCredentials issue(String deviceId, UUID childId) {
        failIfUnavailable();
        clients.put(ToyIdentityIssuer.clientIdOf(deviceId), childId);
        return new ToyCredentials(ToyIdentityIssuer.clientIdOf(deviceId), "secret-" + UUID.randomUUID());
    }

    @Override
    public void withdraw(String deviceId) {
        failIfUnavailable();
        clients.remove(ToyIdentityIssuer.clientIdOf(deviceId));
    }

    /** The child the device's client is bound to, if the client exists. */
    public Optional<UUID> clientFor(String deviceId) {
        return Optional.ofNullable(clients.get(ToyIdentityIssuer.clientIdOf(deviceId)));
    }

    public void unavailable(boolean down) {
        unavailable = down;
    }

    private void failIfUnavailable() {
        if (unavailable) {
            throw new IdentityProviderUnavailableException();
        }
    }
}

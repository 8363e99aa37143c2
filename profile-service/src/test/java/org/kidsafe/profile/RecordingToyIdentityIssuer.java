package org.kidsafe.profile;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import org.kidsafe.profile.pairing.IdentityProviderUnavailableException;
import org.kidsafe.profile.pairing.ToyCredentials;
import org.kidsafe.profile.pairing.ToyIdentity;
import org.kidsafe.profile.pairing.ToyIdentityIssuer;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for Keycloak in service tests (the end-to-end module and embedded-platform's
 * ToyRegistrarContainmentTest exercise the real one): remembers which toy users exist, for which child and
 * device pseudonym, and can play an unavailable identity provider. It also counts and refuses every call made while a
 * database transaction is open (issue 21 item 4, issue 22 item 3: no Keycloak call inside a transaction), so every test
 * that pairs, unpairs or erases a toy checks that rule.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingToyIdentityIssuer implements ToyIdentityIssuer {

    /** A toy user as Keycloak would hold it. */
    public record ToyUser(String id, String username, UUID childId, String devicePseudonym) {
    }

    private final Map<String, ToyUser> users = new ConcurrentHashMap<>();
    private final AtomicInteger insideTransactions = new AtomicInteger();
    private final TransactionManager transactions;
    private volatile boolean unavailable;

    RecordingToyIdentityIssuer(TransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public ToyIdentity issue(String username, UUID childId, String devicePseudonym) {
        failIfUnavailable();
        String id = idOf(username).orElseGet(() -> UUID.randomUUID().toString());
        users.put(id, new ToyUser(id, username, childId, devicePseudonym));
        return new ToyIdentity(id, new ToyCredentials(username, "secret-" + UUID.randomUUID()));
    }

    @Override
    public Optional<String> idOf(String username) {
        failIfUnavailable();
        return users.values().stream().filter(user -> user.username().equals(username)).map(ToyUser::id).findFirst();
    }

    @Override
    public void withdraw(String identityId) {
        failIfUnavailable();
        users.remove(identityId);
    }

    /** The live toy users with this device pseudonym. */
    public long usersFor(String devicePseudonym) {
        return users.values().stream().filter(user -> user.devicePseudonym().equals(devicePseudonym)).count();
    }

    /** The child of the live toy user with this device pseudonym, if there is one. */
    public Optional<UUID> childFor(String devicePseudonym) {
        return users.values().stream().filter(user -> user.devicePseudonym().equals(devicePseudonym)).map(ToyUser::childId).findFirst();
    }

    public void unavailable(boolean down) {
        unavailable = down;
    }

    /** Calls made while a database transaction was open (each was refused). */
    public int callsInsideTransactions() {
        return insideTransactions.get();
    }

    private void failIfUnavailable() {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                insideTransactions.incrementAndGet();
                throw new IllegalStateException("Keycloak called inside a database transaction");
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
        if (unavailable) {
            throw new IdentityProviderUnavailableException();
        }
    }
}

package org.kidsafe.profile.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.profile.pairing.PairingCodeRepository;
import org.kidsafe.profile.pairing.ToyBinding;
import org.kidsafe.profile.pairing.ToyBindingRepository;
import org.kidsafe.profile.pairing.ToyIdentityIssuer;
import org.kidsafe.profile.pairing.ToyStatus;
import org.kidsafe.profile.profile.ChildProfile;
import org.kidsafe.profile.profile.ChildProfileRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erases everything profile-service holds about a child: toy identities first (so no toy keeps acting
 * for the child), then the data key (which makes every encrypted field unreadable), then the rows.
 * A re-check by query must find nothing before the erasure is reported, in the same transaction.
 */
@ApplicationScoped
public class ErasureService {

    static final String METHOD = "toy identities withdrawn, data key destroyed, rows deleted, re-checked by query";

    private final ChildProfileRepository profiles;
    private final ToyBindingRepository bindings;
    private final PairingCodeRepository codes;
    private final DataKeys keys;
    private final ToyIdentityIssuer identities;
    private final EventOutbox outbox;
    private final ServiceSigningKey signingKey;
    private final Clock clock;
    private final String service;

    ErasureService(ChildProfileRepository profiles, ToyBindingRepository bindings, PairingCodeRepository codes,
                   DataKeys keys, ToyIdentityIssuer identities, EventOutbox outbox, ServiceSigningKey signingKey, Clock clock,
                   @ConfigProperty(name = "quarkus.application.name") String service) {
        this.profiles = profiles;
        this.bindings = bindings;
        this.codes = codes;
        this.keys = keys;
        this.identities = identities;
        this.outbox = outbox;
        this.signingKey = signingKey;
        this.clock = clock;
        this.service = service;
    }

    /** Obeys one ErasureRequested and answers it with a signed report, whether or not anything was held. */
    @Transactional
    public ErasureReport answer(UUID childId, ErasureRequested request) {
        ErasureOutcome outcome = request.categories().contains(DataCategory.PROFILE)
                ? erase(childId)
                : new ErasureOutcome(Map.of(), true, null);
        ErasureReport report = new ErasureReport(request.erasureId(), childId, service, request.categories(), outcome.erased(), METHOD,
                outcome.verifiedEmpty(), outcome.unreadableAt(), clock.instant());
        outbox.publish(childId, new ErasureCompleted(request.erasureId(), service, signingKey.sign(report)));
        return report;
    }

    @Transactional
    public List<UUID> inactiveChildren(Instant cutoff, int limit) {
        return profiles.inactiveSince(cutoff, limit);
    }

    /**
     * Erases a profile nobody used since before {@code cutoff} and tells consent-service, which
     * notifies the parent. Returns false when the profile is gone or was used in the meantime.
     */
    @Transactional
    public boolean expireInactive(UUID childId, Instant cutoff) {
        ChildProfile profile = profiles.findForUpdate(childId).orElse(null);
        if (profile == null || !profile.lastActivityAt.isBefore(cutoff)) {
            return false;
        }
        UUID parentId = profile.parentId;
        Instant lastActivity = profile.lastActivityAt;
        ErasureOutcome outcome = erase(childId);
        if (!outcome.verifiedEmpty()) {
            throw new IllegalStateException("Profile data remained after the inactivity purge");
        }
        outbox.publish(childId, new ProfileExpired(parentId, ProfileExpired.INACTIVITY, lastActivity));
        return true;
    }

    private ErasureOutcome erase(UUID childId) {
        long identitiesWithdrawn = 0;
        for (ToyBinding binding : bindings.ofChild(childId)) {
            if (binding.status == ToyStatus.PAIRED) {
                identities.withdraw(binding.deviceId);
                outbox.publish(childId, new ToyUnpaired(binding.deviceId));
                identitiesWithdrawn++;
            }
        }
        long keysDestroyed = keys.destroy(childId) ? 1 : 0;
        Instant unreadableAt = keysDestroyed > 0 ? clock.instant() : null;
        Map<String, Long> erased = new LinkedHashMap<>();
        erased.put("toy-identity", identitiesWithdrawn);
        erased.put("data-key", keysDestroyed);
        erased.put("profile", profiles.delete("childId", childId));
        erased.put("toy-binding", bindings.delete("childId", childId));
        erased.put("pairing-code", codes.delete("childId", childId));
        return new ErasureOutcome(erased, nothingLeft(childId), unreadableAt);
    }

    private boolean nothingLeft(UUID childId) {
        return profiles.count("childId", childId) == 0
                && bindings.count("childId", childId) == 0
                && codes.count("childId", childId) == 0
                && !keys.exists(childId);
    }
}

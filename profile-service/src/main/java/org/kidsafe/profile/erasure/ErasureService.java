package org.kidsafe.profile.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.erasure.participant.ChildDataErasure;
import org.kidsafe.erasure.participant.Erased;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.profile.pairing.PairingCodeRepository;
import org.kidsafe.profile.pairing.ToyBinding;
import org.kidsafe.profile.pairing.ToyBindingRepository;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;
import org.kidsafe.profile.pairing.ToyStatus;
import org.kidsafe.profile.profile.ChildProfile;
import org.kidsafe.profile.profile.ChildProfileRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Erases everything profile-service holds about a child: toy identities first (so no toy keeps acting
 * for the child: recorded for withdrawal in this transaction and deleted at Keycloak right after it commits,
 * outside any transaction and off the consumer thread, issues 21 and 22), then the data key (which makes every encrypted field
 * unreadable), then the rows.
 * Plugged into the erasure participant, which answers in the request's own transaction: this
 * service erases there, and the participant's re-check ({@link #holdsNothing}) must find nothing
 * before the report says so. The inactivity purge uses the same erasure.
 */
@ApplicationScoped
public class ErasureService implements ChildDataErasure {

    /** Where the erased data lived: the report states its T1 and T2 (issue 18 item 1). */
    private static final List<String> STORES = List.of("profile database");
    static final String METHOD = "toy identities queued for withdrawal, data key destroyed, rows deleted, re-checked by query";

    private final ChildProfileRepository profiles;
    private final ToyBindingRepository bindings;
    private final PairingCodeRepository codes;
    private final DataKeys keys;
    private final ToyIdentityWithdrawals withdrawals;
    private final DevicePseudonyms pseudonyms;
    private final EventOutbox outbox;
    private final Clock clock;

    ErasureService(ChildProfileRepository profiles, ToyBindingRepository bindings, PairingCodeRepository codes,
                   DataKeys keys, ToyIdentityWithdrawals withdrawals, DevicePseudonyms pseudonyms, EventOutbox outbox, Clock clock) {
        this.profiles = profiles;
        this.bindings = bindings;
        this.codes = codes;
        this.keys = keys;
        this.withdrawals = withdrawals;
        this.pseudonyms = pseudonyms;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Erases the profile when the request names PROFILE; anything else is not held here, and is answered with no counts.
     * Answered at once, so the participant itself states when the request arrived.
     */
    @Override
    @Transactional(TxType.MANDATORY)
    public Optional<Erased> erase(UUID childId, ErasureRequested request, Instant receivedAt) {
        if (!request.categories().contains(DataCategory.PROFILE)) {
            return Optional.of(Erased.nothing(METHOD));
        }
        // The whole child is deleted: its key leaves a tombstone, so no later write creates a new one (issue 18 item 6).
        boolean forGood = request.categories().containsAll(EnumSet.allOf(DataCategory.class));
        return Optional.of(erase(childId, forGood));
    }

    /**
     * After the request's transaction committed (outside any transaction): the toy identities it recorded are deleted
     * at Keycloak now, not at the next tick of {@code ToyIdentityWithdrawalJob} (which stays for retries).
     */
    @Override
    public void requestCommitted() {
        withdrawals.processDueSoon();
    }

    /** Every table that holds a row about a child, counted; only PROFILE data is held here. */
    @Override
    @Transactional(TxType.MANDATORY)
    public boolean holdsNothing(UUID childId, Set<DataCategory> categories) {
        return !categories.contains(DataCategory.PROFILE) || nothingLeft(childId);
    }

    @Transactional
    public List<ChildProfileRepository.Inactive> inactiveChildren(Instant cutoff, ChildProfileRepository.Inactive after, int limit) {
        return profiles.inactiveSince(cutoff, after, limit);
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
        erase(childId, false);
        if (!holdsNothing(childId, EnumSet.of(DataCategory.PROFILE))) {
            throw new IllegalStateException("Profile data remained after the inactivity purge");
        }
        outbox.publish(childId, new ProfileExpired(parentId, ProfileExpired.INACTIVITY, lastActivity));
        return true;
    }

    /** @param forGood the child is deleted: destroy its key for good (a tombstone), not only this profile's key */
    private Erased erase(UUID childId, boolean forGood) {
        long identitiesWithdrawn = 0;
        for (ToyBinding binding : bindings.ofChild(childId)) {
            if (binding.status == ToyStatus.PAIRED) {
                // Recorded here, deleted at Keycloak after the commit (requestCommitted): never inside this transaction.
                withdrawals.record(binding);
                outbox.publish(childId, new ToyUnpairedV2(binding.devicePseudonym != null ? binding.devicePseudonym : pseudonyms.of(binding.deviceId)));
                identitiesWithdrawn++;
            }
        }
        long keysDestroyed = (forGood ? keys.destroyForGood(childId) : keys.destroy(childId)) ? 1 : 0;
        Instant unreadableAt = keysDestroyed > 0 ? clock.instant() : null;
        Map<String, Long> erased = new LinkedHashMap<>();
        erased.put("toy-identity", identitiesWithdrawn);
        erased.put("data-key", keysDestroyed);
        erased.put("profile", profiles.delete("childId", childId));
        erased.put("toy-binding", bindings.delete("childId", childId));
        erased.put("pairing-code", codes.delete("childId", childId));
        return new Erased(erased, METHOD, unreadableAt, keysDestroyed > 0, STORES);
    }

    private boolean nothingLeft(UUID childId) {
        return !profiles.anyOfChild(childId)
                && !bindings.anyOfChild(childId)
                && !codes.anyOfChild(childId)
                && !keys.exists(childId);
    }
}

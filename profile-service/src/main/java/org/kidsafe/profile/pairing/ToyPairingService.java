package org.kidsafe.profile.pairing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.profile.crypto.Fingerprints;
import org.kidsafe.profile.profile.ChildProfile;
import org.kidsafe.profile.profile.ChildProfileRepository;
import org.kidsafe.profile.profile.Profile;
import org.kidsafe.profile.profile.ProfileService;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Pairing codes and the life cycle of toy bindings. Every change of a binding is announced
 * (ToyPaired / ToyUnpaired v2, with the device's pseudonym, keyed by the child) in the same transaction through
 * the outbox; toy identities are created and withdrawn outside it (issue 21).
 */
@ApplicationScoped
public class ToyPairingService {

    /** No 0/O, 1/I/L: a code is read off a phone and typed or spoken into a toy. */
    private static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final int CODE_LENGTH = 10;
    private static final String CODE_FINGERPRINT = "pairing-code";
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");

    private final PairingCodeRepository codes;
    private final ToyBindingRepository bindings;
    private final ChildProfileRepository profiles;
    private final ProfileService profileService;
    private final ChildAccess access;
    private final ConsentGate consent;
    private final ToyIdentityIssuer identities;
    private final ToyIdentityWithdrawals withdrawals;
    private final DevicePseudonyms pseudonyms;
    private final EventOutbox outbox;
    private final Fingerprints fingerprints;
    private final PairingSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ToyPairingService(PairingCodeRepository codes, ToyBindingRepository bindings, ChildProfileRepository profiles,
                      ProfileService profileService, ChildAccess access, ConsentGate consent, ToyIdentityIssuer identities, ToyIdentityWithdrawals withdrawals,
                      DevicePseudonyms pseudonyms, EventOutbox outbox, Fingerprints fingerprints,
                      PairingSettings settings, Clock clock) {
        this.codes = codes;
        this.bindings = bindings;
        this.profiles = profiles;
        this.profileService = profileService;
        this.access = access;
        this.consent = consent;
        this.identities = identities;
        this.withdrawals = withdrawals;
        this.pseudonyms = pseudonyms;
        this.outbox = outbox;
        this.fingerprints = fingerprints;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new single-use code for pairing a toy with the child; the child needs a profile (and so PROFILE consent). */
    @Transactional
    public PairingCodeIssued createCode(UUID parentId, UUID childId) {
        access.requireGuardian(parentId, childId);
        consent.requireForWriting(childId, DataCategory.PROFILE);
        ChildProfile profile = profiles.findByIdOptional(childId).orElseThrow(() -> ProblemException.conflict("profile-required",
                "Create the child's profile before pairing a toy: the toy greets the child by its display name."));
        Instant now = clock.instant();
        profile.lastActivityAt = now;
        String code = newCode();
        PairingCode stored = new PairingCode();
        stored.id = UUID.randomUUID();
        stored.childId = childId;
        stored.parentId = parentId;
        stored.codeHash = hash(code);
        stored.createdAt = now;
        stored.expiresAt = now.plus(settings.codeLifetime());
        codes.persist(stored);
        return new PairingCodeIssued(code.substring(0, CODE_LENGTH / 2) + "-" + code.substring(CODE_LENGTH / 2), stored.expiresAt);
    }

    /**
     * Redeems a code for a device: binds the device to the code's child and issues its identity. A wrong,
     * expired or already used code gets one answer, so codes cannot be probed. Three steps, so that Keycloak is
     * never called inside a database transaction (issue 21) and nothing is lost on a crash: check the code and
     * reserve the identity's withdrawal (transaction), create the identity (Keycloak), bind and announce
     * (transaction, which drops the reservation). If the last step fails, the reservation withdraws the identity.
     */
    public ToyPairing redeem(String code, String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw ProblemException.badRequest("invalid-device-id", "deviceId must be 3 to 64 letters, digits, dots, hyphens or underscores.");
        }
        byte[] codeHash = storedHash(normalised(code));
        String username = ToyIdentityIssuer.newUsername();
        PairingCandidate candidate = reserve(codeHash, deviceId, username);
        ToyIdentity identity;
        Optional<UUID> replaced;
        try {
            identity = identities.issue(username, candidate.childId(), candidate.devicePseudonym());
        } catch (RuntimeException e) {
            // The user may exist if only Keycloak's answer was lost: the reservation withdraws it once Keycloak is back.
            withdrawals.abandon(candidate.reservation());
            throw e;
        }
        try {
            replaced = bind(codeHash, deviceId, candidate, identity.id());
        } catch (RuntimeException e) {
            withdrawals.abandon(candidate.reservation());
            withdrawals.process(candidate.reservation());
            throw e;
        }
        replaced.ifPresent(withdrawals::process);
        return new ToyPairing(candidate.childId(), identity.credentials());
    }

    /** What the first step of a pairing checked and reserved. */
    record PairingCandidate(UUID childId, String devicePseudonym, UUID reservation) {
    }

    /** Step 1: the code is redeemable and the device free for this child; the identity's withdrawal is reserved. */
    @Transactional
    PairingCandidate reserve(byte[] codeHash, String deviceId, String username) {
        PairingCode pairing = redeemable(codeHash, clock.instant());
        profiles.findByIdOptional(pairing.childId).orElseThrow(ToyPairingService::invalidCode);
        bindings.pairedDevice(deviceId).filter(current -> !current.childId.equals(pairing.childId)).ifPresent(other -> {
            throw deviceAlreadyPaired();
        });
        return new PairingCandidate(pairing.childId, pseudonyms.of(deviceId), withdrawals.reserve(username));
    }

    /** Step 3: the code is still redeemable (checked again under its lock), the binding is made and announced. */
    @Transactional
    Optional<UUID> bind(byte[] codeHash, String deviceId, PairingCandidate candidate, String identityId) {
        Instant now = clock.instant();
        PairingCode pairing = redeemable(codeHash, now);
        if (!pairing.childId.equals(candidate.childId())) {
            throw invalidCode();
        }
        pairing.redeemedAt = now;
        ChildProfile profile = profiles.findByIdOptional(pairing.childId).orElseThrow(ToyPairingService::invalidCode);
        Optional<UUID> replaced = Optional.empty();
        Optional<ToyBinding> existing = bindings.pairedDevice(deviceId);
        if (existing.isPresent()) {
            ToyBinding current = existing.get();
            if (!current.childId.equals(pairing.childId)) {
                throw deviceAlreadyPaired();
            }
            // Re-pairing to the same child (e.g. after a factory reset) replaces the old binding and identity.
            current.end(ToyStatus.REVOKED, now);
            bindings.flush();
            replaced = Optional.of(withdrawals.record(current));
            outbox.publish(current.childId, new ToyUnpairedV2(pseudonymOf(current)));
        }
        ToyBinding binding = new ToyBinding();
        binding.id = UUID.randomUUID();
        binding.childId = pairing.childId;
        binding.parentId = pairing.parentId;
        binding.deviceId = deviceId;
        binding.devicePseudonym = candidate.devicePseudonym();
        binding.identityId = identityId;
        binding.status = ToyStatus.PAIRED;
        binding.pairedAt = now;
        try {
            bindings.persist(binding);
            bindings.flush();
        } catch (ConstraintViolationException e) {
            // The same device redeemed another code at the same moment.
            throw deviceAlreadyPaired();
        }
        profile.lastActivityAt = now;
        withdrawals.confirm(candidate.reservation());
        outbox.publish(pairing.childId, new ToyPairedV2(binding.devicePseudonym, pairing.parentId));
        return replaced;
    }

    private PairingCode redeemable(byte[] codeHash, Instant now) {
        return codes.findByHashForUpdate(codeHash).filter(found -> found.redeemableAt(now)).orElseThrow(ToyPairingService::invalidCode);
    }

    private static ProblemException invalidCode() {
        return ProblemException.badRequest("invalid-pairing-code", "The pairing code is unknown, expired or already used.");
    }

    /** The binding's pseudonym; a binding of the previous release not yet back-filled gets it now. */
    private String pseudonymOf(ToyBinding binding) {
        if (binding.devicePseudonym == null) {
            binding.devicePseudonym = pseudonyms.of(binding.deviceId);
        }
        return binding.devicePseudonym;
    }

    /** One page of the child's pairings, current and past, oldest first (issue 20 item 4). */
    @Transactional
    public Page<ToyBinding> toysOf(UUID parentId, UUID childId, PageRequest request) {
        access.requireGuardian(parentId, childId);
        return request.page(bindings.pageOfChild(childId, request), binding -> new Cursor(binding.pairedAt, binding.id));
    }

    /**
     * Ends a toy's pairing at the parent's request, then withdraws its identity outside the transaction; if
     * Keycloak is down, the recorded withdrawal is retried by {@code ToyIdentityWithdrawalJob}, and every service
     * refuses the toy meanwhile (its binding and media's projection say unpaired).
     */
    public void unpair(UUID parentId, UUID childId, String deviceId) {
        withdrawals.process(endPairing(parentId, childId, deviceId));
    }

    @Transactional
    UUID endPairing(UUID parentId, UUID childId, String deviceId) {
        access.requireGuardian(parentId, childId);
        ToyBinding binding = bindings.pairedDeviceOf(childId, deviceId).orElseThrow(() -> ProblemException.notFound("paired toy"));
        binding.end(ToyStatus.UNPAIRED, clock.instant());
        profiles.findByIdOptional(childId).ifPresent(profile -> profile.lastActivityAt = clock.instant());
        outbox.publish(childId, new ToyUnpairedV2(pseudonymOf(binding)));
        return withdrawals.record(binding);
    }

    /**
     * The profile of the child a toy acts for, so it can greet the child. The toy's token names its device by
     * pseudonym (claim {@code device_id}). A toy whose token outlived its pairing is refused even before the
     * token expires.
     */
    @Transactional
    public Profile profileForToy(UUID childId, String devicePseudonym) {
        if (bindings.pairedPseudonymOf(childId, devicePseudonym).isEmpty()) {
            throw ProblemException.forbidden("toy-not-paired", "This toy is not paired with a child any more.");
        }
        return profileService.find(childId).orElseThrow(() -> ProblemException.notFound("profile"));
    }

    private static ProblemException deviceAlreadyPaired() {
        return ProblemException.conflict("device-already-paired", "This toy is paired with another child. Its parent must unpair it first.");
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String normalised(String code) {
        return code == null ? "" : code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }

    private byte[] hash(String code) {
        return fingerprints.of(CODE_FINGERPRINT, code);
    }

    /**
     * The hash the code is stored under: this scheme's, or the previous release's for a code it issued just before the
     * upgrade, while that scheme is still matched ({@link Fingerprints#legacy}; issue 18 item 1).
     */
    private byte[] storedHash(String code) {
        byte[] current = hash(code);
        return fingerprints.legacy(CODE_FINGERPRINT, code)
                .filter(previous -> !codes.existsByHash(current) && codes.existsByHash(previous))
                .orElse(current);
    }
}

package org.kidsafe.profile.profile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.SubjectErasedException;
import org.kidsafe.events.DataCategory;
import org.kidsafe.profile.crypto.FieldCipher;
import org.kidsafe.profile.crypto.Fingerprints;
import org.kidsafe.profile.displayname.DisplayNamePolicy;
import org.kidsafe.profile.displayname.TakenNames;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Creates, changes and reads child profiles; personal fields are encrypted under the child's data key. */
@ApplicationScoped
public class ProfileService implements TakenNames {

    static final String NAME_FINGERPRINT = "display-name";
    private static final String DISPLAY_NAME = "display_name";
    private static final String BIRTH_MONTH = "birth_year_month";
    private static final String LANGUAGE = "preferred_language";

    private final ChildProfileRepository profiles;
    private final ChildAccess access;
    private final ConsentGate consent;
    private final DataKeys keys;
    private final Fingerprints fingerprints;
    private final DisplayNamePolicy names;
    private final Clock clock;

    ProfileService(ChildProfileRepository profiles, ChildAccess access, ConsentGate consent, DataKeys keys, Fingerprints fingerprints,
                   DisplayNamePolicy names, Clock clock) {
        this.profiles = profiles;
        this.access = access;
        this.consent = consent;
        this.keys = keys;
        this.fingerprints = fingerprints;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Creates or changes the child's profile. {@code change} gets the current fields (empty if there
     * is no profile yet) and returns the wanted ones. Needs PROFILE consent.
     */
    @Transactional
    public Profile save(UUID parentId, UUID childId, Function<Optional<ProfileFields>, ProfileFields> change) {
        access.requireGuardian(parentId, childId);
        consent.requireForWriting(childId, DataCategory.PROFILE);
        ChildProfile profile = profiles.findForUpdate(childId).orElse(null);
        FieldCipher cipher = new FieldCipher(keyForWriting(childId).key(), childId);
        ProfileFields wanted = ProfileRules.checked(change.apply(Optional.ofNullable(profile).map(p -> open(p, cipher))), names, clock);

        NameFingerprints fingerprint = nameFingerprints(wanted.displayName());
        if (profiles.nameTakenByAnother(fingerprint, childId)) {
            throw nameTaken();
        }
        Instant now = clock.instant();
        if (profile == null) {
            profile = new ChildProfile();
            profile.childId = childId;
            profile.createdAt = now;
        }
        profile.parentId = parentId;
        profile.displayName = cipher.seal(DISPLAY_NAME, wanted.displayName());
        profile.nameFingerprint = fingerprint.current();
        profile.nameFingerprintVersion = Fingerprints.SCHEME;
        profile.ageBand = wanted.ageBand();
        profile.birthYearMonth = wanted.birthMonth() == null ? null : cipher.seal(BIRTH_MONTH, wanted.birthMonth().toString());
        profile.preferredLanguage = cipher.seal(LANGUAGE, wanted.preferredLanguage());
        profile.avatar = wanted.avatar();
        profile.updatedAt = now;
        profile.lastActivityAt = now;
        persistGuardingNameRace(profile);
        return new Profile(childId, wanted, profile.createdAt, profile.updatedAt, profile.lastActivityAt);
    }

    /** The child's profile for its parent; reading it counts as parent activity. */
    @Transactional
    public Profile get(UUID parentId, UUID childId) {
        access.requireGuardian(parentId, childId);
        return find(childId).orElseThrow(() -> ProblemException.notFound("profile"));
    }

    /** Decrypts a child's profile and records activity, for callers that checked access already. */
    @Transactional
    public Optional<Profile> find(UUID childId) {
        return profiles.findByIdOptional(childId).map(profile -> {
            profile.lastActivityAt = clock.instant();
            SecretKey key = keys.find(childId).orElseThrow(() -> new IllegalStateException("The profile of " + childId + " has no data key")).key();
            return new Profile(childId, open(profile, new FieldCipher(key, childId)),
                    profile.createdAt, profile.updatedAt, profile.lastActivityAt);
        });
    }

    @Override
    @Transactional
    public boolean isTaken(String displayName) {
        return profiles.nameTaken(nameFingerprints(displayName));
    }

    /** The name's fingerprint under this scheme, and under the previous one while the migration has rows left. */
    NameFingerprints nameFingerprints(String displayName) {
        String comparable = DisplayNamePolicy.comparable(displayName);
        byte[] current = fingerprints.of(NAME_FINGERPRINT, comparable);
        return new NameFingerprints(current, fingerprints.legacy(NAME_FINGERPRINT, comparable).orElse(current));
    }

    /** The display name of a stored profile, decrypted with the child's data key; for the fingerprint migration. */
    static String displayName(ChildProfile profile, SecretKey key) {
        return new FieldCipher(key, profile.childId).open(DISPLAY_NAME, profile.displayName);
    }

    /** The child's key for writing; a child erased for good gets none (issue 18 item 6). */
    private DataKey keyForWriting(UUID childId) {
        try {
            return keys.getOrCreate(childId);
        } catch (SubjectErasedException e) {
            throw ProblemException.conflict("child-erased", "This child was erased; nothing more is stored for it.");
        }
    }

    private void persistGuardingNameRace(ChildProfile profile) {
        try {
            profiles.persist(profile);
            profiles.flush();
        } catch (ConstraintViolationException e) {
            // Another child took the same name between our check and our insert.
            throw nameTaken();
        }
    }

    private static ProblemException nameTaken() {
        return ProblemException.conflict("display-name-taken", "This display name is already used by another child. Try a suggested one.");
    }

    private static ProfileFields open(ChildProfile profile, FieldCipher cipher) {
        return new ProfileFields(
                cipher.open(DISPLAY_NAME, profile.displayName),
                profile.ageBand,
                profile.birthYearMonth == null ? null : YearMonth.parse(cipher.open(BIRTH_MONTH, profile.birthYearMonth)),
                profile.avatar,
                cipher.open(LANGUAGE, profile.preferredLanguage));
    }
}

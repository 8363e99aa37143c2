package org.kidsafe.profile.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.profile.crypto.Fingerprints;
import org.kidsafe.profile.displayname.DisplayNamePolicy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recomputes the display-name fingerprints of the previous release (scheme 1, derived from a KEK) under the
 * pseudonymisation key ({@link Fingerprints}, issue 18 item 1), from the names decrypted with each child's data key:
 * in batches, each its own transaction, skipping rows another replica holds; idempotent (a recomputed row is
 * scheme 2 and never looked at again). When no row of the previous scheme is left, the KEK-derived key is let go.
 * A profile whose name cannot be read (its data key gone or not opening) is left as it is and logged; while any is
 * left the previous scheme's fingerprints are still matched.
 */
@ApplicationScoped
public class NameFingerprintMigration {

    static final int BATCH = 100;
    private static final UUID FIRST = new UUID(0, 0);
    private static final Logger LOG = Logger.getLogger(NameFingerprintMigration.class);

    private final ChildProfileRepository profiles;
    private final DataKeys keys;
    private final Fingerprints fingerprints;

    NameFingerprintMigration(ChildProfileRepository profiles, DataKeys keys, Fingerprints fingerprints) {
        this.profiles = profiles;
        this.keys = keys;
        this.fingerprints = fingerprints;
    }

    /** One pass over the profiles of the previous scheme; how many were recomputed. */
    public int run() {
        int recomputed = 0;
        UUID after = FIRST;
        while (true) {
            UUID from = after;
            Batch batch = QuarkusTransaction.requiringNew().call(() -> batch(from));
            recomputed += batch.recomputed();
            if (batch.last() == null) {
                break;
            }
            after = batch.last();
        }
        if (!QuarkusTransaction.requiringNew().call(profiles::anyPreviousScheme)) {
            fingerprints.legacyMigrated();
        }
        if (recomputed > 0) {
            LOG.infof("Recomputed %d display-name fingerprint(s) under the pseudonymisation key", recomputed);
        }
        return recomputed;
    }

    private Batch batch(UUID after) {
        List<ChildProfile> previous = profiles.previousSchemeForUpdate(after, BATCH);
        int recomputed = 0;
        for (ChildProfile profile : previous) {
            Optional<String> name = displayName(profile);
            if (name.isPresent()) {
                profile.nameFingerprint = fingerprints.of(ProfileService.NAME_FINGERPRINT, DisplayNamePolicy.comparable(name.get()));
                profile.nameFingerprintVersion = Fingerprints.SCHEME;
                recomputed++;
            }
        }
        return new Batch(recomputed, previous.isEmpty() ? null : previous.get(previous.size() - 1).childId);
    }

    /** The stored name, or empty when the child's data key is gone or opens it not (logged: the row stays as it is). */
    private Optional<String> displayName(ChildProfile profile) {
        try {
            Optional<DataKey> key = keys.find(profile.childId);
            return key.map(found -> ProfileService.displayName(profile, found.key()));
        } catch (IllegalStateException unreadable) {
            LOG.warnf("The display name of %s cannot be read (%s); its fingerprint stays as it is", profile.childId, unreadable.getMessage());
            return Optional.empty();
        }
    }

    private record Batch(int recomputed, UUID last) {
    }
}

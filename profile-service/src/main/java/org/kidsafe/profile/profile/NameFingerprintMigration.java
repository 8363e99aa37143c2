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
 * A profile whose data key is gone cannot be read and is left as it is (its child was erased; the erasure deletes
 * the row).
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
            Optional<DataKey> key = keys.find(profile.childId);
            if (key.isEmpty()) {
                continue;
            }
            String name = DisplayNamePolicy.comparable(ProfileService.displayName(profile, key.get().key()));
            profile.nameFingerprint = fingerprints.of(ProfileService.NAME_FINGERPRINT, name);
            profile.nameFingerprintVersion = Fingerprints.SCHEME;
            recomputed++;
        }
        return new Batch(recomputed, previous.isEmpty() ? null : previous.get(previous.size() - 1).childId);
    }

    private record Batch(int recomputed, UUID last) {
    }
}

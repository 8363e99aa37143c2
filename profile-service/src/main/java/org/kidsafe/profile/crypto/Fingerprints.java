package org.kidsafe.profile.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.kek.KeyEncryptionKeys;
import org.kidsafe.crypto.pseudonym.LookupFingerprints;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Keyed fingerprints of display names and pairing codes, so they can be matched without being stored: kidsafe-crypto's
 * {@link LookupFingerprints} under the deployment's pseudonymisation key, which never rotates, with purposes
 * {@code kidsafe-profile/<purpose>} (issue 18 item 1).
 * <p>
 * The previous release derived them from a KEK (the one {@code kidsafe.kek.fingerprint-key-id} names, else the current
 * one), so that KEK could never be retired. Until the migration ({@code NameFingerprintMigration}) has recomputed every
 * display-name fingerprint of that scheme, {@link #legacy} still gives the old fingerprint, so lookups and uniqueness
 * hold across the upgrade; once it is done the KEK-derived key is let go, and the KEK can be retired like any other.
 */
@ApplicationScoped
public class Fingerprints {

    /** The scheme of fingerprints made now (stored beside them); 1 is the previous release's KEK-derived scheme. */
    public static final short SCHEME = 2;

    private static final Logger LOG = Logger.getLogger(Fingerprints.class);

    private final LookupFingerprints lookup;
    private volatile SecretKey legacyRoot;

    @Inject
    Fingerprints(LookupFingerprints lookup, Instance<KeyEncryptionKeys> keks,
                 @ConfigProperty(name = "kidsafe.kek.fingerprint-key-id") Optional<String> legacyKekId) {
        this(lookup, legacyRoot(keks, legacyKekId));
    }

    /** @param legacyRoot the KEK the previous release's fingerprints derive from; null when there is none */
    Fingerprints(LookupFingerprints lookup, SecretKey legacyRoot) {
        this.lookup = lookup;
        this.legacyRoot = legacyRoot;
    }

    /** The fingerprint of a value for one purpose, as stored from now on. */
    public byte[] of(String purpose, String value) {
        return lookup.of("kidsafe-profile/" + purpose, value);
    }

    /** The previous release's fingerprint of the value, while rows of that scheme may remain; empty after the migration. */
    public Optional<byte[]> legacy(String purpose, String value) {
        return Optional.ofNullable(legacyRoot).map(root -> previousRelease(root, purpose, value));
    }

    /** No fingerprint of the previous scheme is left: forgets the KEK-derived key, so nothing holds that KEK for fingerprints. */
    public void legacyMigrated() {
        if (legacyRoot != null) {
            legacyRoot = null;
            LOG.info("Every display-name fingerprint is under the pseudonymisation key; the KEK-derived fingerprint key is no longer used");
        }
    }

    /** The previous release's derivation: HMAC-SHA-256 under HMAC-SHA-256(KEK, "kidsafe-profile/" + purpose). */
    public static byte[] previousRelease(SecretKey kek, String purpose, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(kek);
            SecretKey purposeKey = new SecretKeySpec(derive.doFinal(("kidsafe-profile/" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(purposeKey);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }

    private static SecretKey legacyRoot(Instance<KeyEncryptionKeys> keks, Optional<String> legacyKekId) {
        try {
            KeyEncryptionKeys local = keks.get();
            return local.byId(legacyKekId.orElse(local.currentId()));
        } catch (RuntimeException e) {
            LOG.infof("No KEK for fingerprints of the previous release (%s): only fingerprints under the pseudonymisation key match", e.getMessage());
            return null;
        }
    }
}

package org.kidsafe.profile.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.crypto.kek.KeyEncryptionKeys;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Keyed fingerprints of display names and pairing codes, so they can be matched without being stored.
 * The HMAC keys are derived from the KEK named by {@code kidsafe.kek.fingerprint-key-id} (default: the
 * current KEK). It must stay the same across KEK rotations (keep it among the retired keys), or stored
 * fingerprints stop matching.
 */
@ApplicationScoped
public class Fingerprints {

    private final SecretKey root;

    @Inject
    Fingerprints(KeyEncryptionKeys keks, @ConfigProperty(name = "kidsafe.kek.fingerprint-key-id") Optional<String> fingerprintKeyId) {
        String id = fingerprintKeyId.orElse(keks.currentId());
        try {
            this.root = keks.byId(id);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("kidsafe.kek.fingerprint-key-id names no configured KEK: " + id, e);
        }
    }

    /** A keyed HMAC-SHA256 under a key derived for one purpose, so fingerprints of different kinds never collide. */
    public byte[] of(String purpose, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(root);
            SecretKey purposeKey = new SecretKeySpec(derive.doFinal(("kidsafe-profile/" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(purposeKey);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }
}

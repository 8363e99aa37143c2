package org.kidsafe.crypto.pseudonym;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Keyed fingerprints for lookups of values a service stores only encrypted (profile-service's unique display names and
 * pairing codes): HMAC-SHA-256 of the value under a key derived, per purpose, from the deployment's pseudonymisation key
 * ({@link PseudonymisationSettings}). Issue 18 item 1: they used to derive from a KEK, so that KEK could never be
 * retired; the pseudonymisation key never rotates, so a fingerprint stays valid across every KEK rotation.
 * <p>
 * Purpose separation: a purpose's key is HMAC-SHA-256 of {@code 0xFF || "kidsafe-lookup-fingerprint:" || purpose}
 * under the pseudonymisation key. A device pseudonym ({@link DevicePseudonyms}) is the same HMAC over a device id's
 * UTF-8 bytes, which never contain the byte {@code 0xFF}, so no device id's pseudonym (published in events and tokens)
 * is ever a fingerprint key, and the keys of two purposes differ.
 */
@ApplicationScoped
public class LookupFingerprints {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte SEPARATOR = (byte) 0xFF;

    private final byte[] key;

    @Inject
    public LookupFingerprints(PseudonymisationSettings settings) {
        this(DevicePseudonyms.load(settings, LaunchMode.current()));
    }

    /** With a raw pseudonymisation key, for tests. */
    public LookupFingerprints(byte[] key) {
        if (key.length != DevicePseudonyms.KEY_BYTES) {
            throw new IllegalStateException("The pseudonymisation key must be exactly " + DevicePseudonyms.KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** The fingerprint of a value for one purpose (e.g. {@code "kidsafe-profile/display-name"}): 32 bytes. */
    public byte[] of(String purpose, String value) {
        return hmac(purposeKey(purpose), value.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] purposeKey(String purpose) {
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        label.write(SEPARATOR);
        label.writeBytes(("kidsafe-lookup-fingerprint:" + purpose).getBytes(StandardCharsets.UTF_8));
        return hmac(key, label.toByteArray());
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}

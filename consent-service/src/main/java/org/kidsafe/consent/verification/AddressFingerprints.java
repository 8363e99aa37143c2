package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.crypto.pseudonym.LookupFingerprints;

import java.util.Locale;
import java.util.UUID;

/**
 * Keyed fingerprints of email addresses, so the per-address cooldown (issue 17 item 3) can match an address that a
 * parent no longer holds as contact, or never completed, without storing it: kidsafe-crypto's {@link LookupFingerprints}
 * (HMAC-SHA-256, purpose {@code kidsafe-consent/email-code-address}) under a random key of consent-service's own.
 * <p>
 * The key is a data key of {@link ParentDataKeys} under a reserved subject that no parent has (Keycloak ids are random
 * UUIDs, this one is not): stored only wrapped by consent-service's KEK, shared by every replica, re-wrapped at KEK
 * rotation like every other, and never destroyed, since no purge or erasure names that subject. A database dump alone
 * therefore cannot test guessed addresses against the fingerprints. consent-service holds no pseudonymisation key
 * (profile-service's), and needs none: these fingerprints are compared only here.
 */
@ApplicationScoped
public class AddressFingerprints {

    /** The subject of the fingerprint key among the data keys: a fixed, non-random UUID, so never a parent's. */
    static final UUID KEY_SUBJECT = new UUID(0L, 0x656d61696c2dL);
    private static final String PURPOSE = "kidsafe-consent/email-code-address";

    private final ParentDataKeys keys;
    private volatile LookupFingerprints fingerprints;

    AddressFingerprints(ParentDataKeys keys) {
        this.keys = keys;
    }

    /**
     * The fingerprint of an address as mail servers treat it in practice (trimmed, case ignored), so "Victim@x" and
     * "victim@x " share one cooldown. Creates the key on first use, in a transaction of its own (committed, so every replica then uses the same key).
     */
    public byte[] of(String address) {
        return lookup().of(PURPOSE, address.trim().toLowerCase(Locale.ROOT));
    }

    private LookupFingerprints lookup() {
        LookupFingerprints loaded = fingerprints;
        if (loaded == null) {
            loaded = new LookupFingerprints(keys.getOrCreateCommitted(KEY_SUBJECT).key().getEncoded());
            fingerprints = loaded;
        }
        return loaded;
    }
}

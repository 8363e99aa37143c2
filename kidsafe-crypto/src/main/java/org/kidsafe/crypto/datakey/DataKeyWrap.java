package org.kidsafe.crypto.datakey;

import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekWrapped;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Wrapping and unwrapping of data keys under the KEK, bound to a subject and a {@link DataKeyPurpose};
 * no persistence, so the rules are testable on their own. {@link DataKeys} stores what this produces.
 */
final class DataKeyWrap {

    private final KeyEncryptionKeyProvider keks;
    private final DataKeyPurpose purpose;

    DataKeyWrap(KeyEncryptionKeyProvider keks, DataKeyPurpose purpose) {
        this.keks = keks;
        this.purpose = purpose;
    }

    /** A fresh random key for the subject, wrapped under the current KEK, with a new generation. */
    WrappedDataKey create(UUID subjectId, Instant now) {
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        try {
            WrappedDataKey key = new WrappedDataKey();
            key.subjectId = subjectId;
            key.generation = UUID.randomUUID();
            KekWrapped wrapped = keks.wrapCurrent(raw, purpose.boundTo(subjectId));
            key.kekId = wrapped.keyId();
            key.wrappedKey = wrapped.wrappedKey();
            key.createdAt = now;
            return key;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** @throws IllegalStateException when the key was wrapped for another subject or purpose, or by an unknown KEK */
    DataKey unwrap(WrappedDataKey stored) {
        byte[] raw = keks.unwrap(stored.kekId, stored.wrappedKey, purpose.boundTo(stored.subjectId));
        try {
            return new DataKey(stored.subjectId, stored.generation, new SecretKeySpec(raw, "AES"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    String currentKekId() {
        return keks.currentKeyId();
    }

    /** True if the key was wrapped by a KEK other than the current one. */
    boolean isStale(WrappedDataKey stored) {
        return !keks.currentKeyId().equals(stored.kekId);
    }

    /**
     * Wraps the same key again under the current KEK, in place. The generation stays: it is the same
     * key, and whoever holds it (an upload in progress) still holds the current one.
     *
     * @return the unwrapped key
     */
    DataKey rewrap(WrappedDataKey stored) {
        byte[] raw = keks.unwrap(stored.kekId, stored.wrappedKey, purpose.boundTo(stored.subjectId));
        try {
            KekWrapped wrapped = keks.wrapCurrent(raw, purpose.boundTo(stored.subjectId));
            stored.wrappedKey = wrapped.wrappedKey();
            stored.kekId = wrapped.keyId();
            return new DataKey(stored.subjectId, stored.generation, new SecretKeySpec(raw, "AES"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}

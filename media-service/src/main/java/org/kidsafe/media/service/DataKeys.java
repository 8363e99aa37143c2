package org.kidsafe.media.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.media.domain.ChildDataKey;
import org.kidsafe.media.repository.ChildDataKeyRepository;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-child AES-256 data keys. Unwrapped keys are never cached: each use unwraps the stored key,
 * so deleting the row makes the child's data unreadable in every replica at once.
 */
@ApplicationScoped
public class DataKeys {

    private static final String WRAP_CONTEXT = "kidsafe-media-data-key:";

    private final ChildDataKeyRepository keys;
    private final KeyEncryptionKeyProvider kek;
    private final Clock clock;

    DataKeys(ChildDataKeyRepository keys, KeyEncryptionKeyProvider kek, Clock clock) {
        this.keys = keys;
        this.kek = kek;
        this.clock = clock;
    }

    /** The child's key, created (and committed) on first use. */
    @Transactional(TxType.REQUIRES_NEW)
    public ChildKey forWriting(UUID childId) {
        if (keys.findByIdOptional(childId).isEmpty()) {
            byte[] dataKey = AesGcm.randomBytes(32);
            keys.insertIfAbsent(childId, kek.currentKeyId(), kek.wrap(dataKey, boundTo(childId)), clock.instant());
            Arrays.fill(dataKey, (byte) 0);
        }
        return unwrap(keys.findById(childId));
    }

    /** The child's key if it still exists. */
    @Transactional(TxType.SUPPORTS)
    public Optional<SecretKey> forReading(UUID childId) {
        return keys.findByIdOptional(childId).map(stored -> unwrap(stored).key());
    }

    /**
     * Within the caller's transaction: checks the key used for an upload still exists and
     * share-locks it, so a concurrent erasure waits until the upload is recorded (and then erases it).
     */
    @Transactional(TxType.MANDATORY)
    public boolean stillCurrent(ChildKey used) {
        return keys.findLocked(used.childId()).filter(stored -> Arrays.equals(stored.wrappedKey, used.wrappedKey())).isPresent();
    }

    /** Destroys the child's key in the caller's transaction; true if there was one. */
    @Transactional(TxType.MANDATORY)
    public boolean destroy(UUID childId) {
        return keys.deleteById(childId);
    }

    private ChildKey unwrap(ChildDataKey stored) {
        byte[] raw = kek.unwrap(stored.kekId, stored.wrappedKey, boundTo(stored.childId));
        try {
            return new ChildKey(stored.childId, new SecretKeySpec(raw, "AES"), stored.wrappedKey);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** What a wrapped key is bound to, so it unwraps only for its own child (and only as a media data key). */
    private static byte[] boundTo(UUID childId) {
        return (WRAP_CONTEXT + childId).getBytes(StandardCharsets.US_ASCII);
    }

    /** An unwrapped key and the wrapped form it came from (to detect a key replaced meanwhile). */
    public record ChildKey(UUID childId, SecretKey key, byte[] wrappedKey) {
    }
}

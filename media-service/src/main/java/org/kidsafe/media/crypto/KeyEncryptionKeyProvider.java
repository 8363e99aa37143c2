package org.kidsafe.media.crypto;

import java.util.UUID;

/**
 * Wraps and unwraps per-child data keys with a key-encryption key kept outside the database.
 * <p>
 * The default is {@link LocalKeyEncryptionKeyProvider} (a KEK from a mounted file or the
 * environment). Extension point for a cloud KMS: implement this interface as an
 * {@code @ApplicationScoped @Alternative @Priority(1)} bean whose {@link #wrap} and
 * {@link #unwrap} call the KMS's Encrypt/Decrypt operations (the KEK never leaves the KMS), with
 * the KMS key version as the key id. Nothing else in the service has to change.
 */
public interface KeyEncryptionKeyProvider {

    /** Id of the KEK that {@link #wrap} uses now; stored beside each wrapped key. */
    String currentKeyId();

    /** Wraps a child's data key with the current KEK, bound to that child. */
    byte[] wrap(UUID childId, byte[] dataKey);

    /** Unwraps a data key wrapped by the KEK with the given id (current or retired). */
    byte[] unwrap(String keyId, UUID childId, byte[] wrappedKey);
}

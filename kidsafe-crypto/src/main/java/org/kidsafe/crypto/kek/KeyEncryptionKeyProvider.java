package org.kidsafe.crypto.kek;

/**
 * Wraps and unwraps per-child data keys with a key-encryption key kept outside the database.
 * <p>
 * The default is {@link LocalKeyEncryptionKeyProvider} (a KEK from a mounted file or the
 * environment, see {@link KekSettings}). Extension point for a cloud KMS: implement this interface
 * as an {@code @ApplicationScoped @Alternative @Priority(1)} bean whose {@link #wrap} and
 * {@link #unwrap} call the KMS's Encrypt/Decrypt operations with the associated data as the
 * encryption context (the KEK never leaves the KMS), and the KMS key version as the key id.
 * Nothing else in the services has to change.
 */
public interface KeyEncryptionKeyProvider {

    /** Id of the KEK that {@link #wrap} uses now; stored beside each wrapped key. */
    String currentKeyId();

    /** Wraps a data key with the current KEK, bound to {@code associatedData} (its owner and purpose). */
    byte[] wrap(byte[] dataKey, byte[] associatedData);

    /** Unwraps a data key wrapped by the KEK with the given id (current or retired) and the same associated data. */
    byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData);

    /**
     * Wraps with the current KEK and says which one did, as one answer (issue 18 item 1): with KEK versions that change
     * while the service runs, {@link #currentKeyId()} then {@link #wrap} could straddle a rotation. This default asks
     * for the id before and after the wrap and tries again if a rotation came between (ids are never reused, so the
     * same id twice means that version wrapped); a provider that can answer both at once overrides it.
     */
    default KekWrapped wrapCurrent(byte[] dataKey, byte[] associatedData) {
        while (true) {
            String before = currentKeyId();
            byte[] wrapped = wrap(dataKey, associatedData);
            if (before.equals(currentKeyId())) {
                return new KekWrapped(before, wrapped);
            }
        }
    }
}

package org.kidsafe.crypto.kek;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Wraps data keys with AES-256-GCM under the locally held {@link KeyEncryptionKeys}. */
@DefaultBean
@ApplicationScoped
public class LocalKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private final KeyEncryptionKeys keks;

    public LocalKeyEncryptionKeyProvider(KeyEncryptionKeys keks) {
        this.keks = keks;
    }

    @Override
    public String currentKeyId() {
        return keks.currentId();
    }

    @Override
    public byte[] wrap(byte[] dataKey, byte[] associatedData) {
        return wrapCurrent(dataKey, associatedData).wrappedKey();
    }

    /** The current id and its KEK from one reading of the ring, so they always belong together. */
    @Override
    public KekWrapped wrapCurrent(byte[] dataKey, byte[] associatedData) {
        KekDirectory.Ring ring = keks.ring();
        return new KekWrapped(ring.currentId(), AesGcm.seal(ring.keys().get(ring.currentId()), dataKey, associatedData));
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData) {
        return AesGcm.open(keks.byId(keyId), wrappedKey, associatedData);
    }
}

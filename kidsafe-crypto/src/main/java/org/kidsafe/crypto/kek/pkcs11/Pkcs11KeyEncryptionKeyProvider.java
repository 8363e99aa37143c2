package org.kidsafe.crypto.kek.pkcs11;

import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import javax.crypto.SecretKey;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Wraps data keys inside a PKCS#11 token (a hardware security module, a cloud HSM, SoftHSM2 in tests) with AES-256-GCM
 * under a token key that never leaves it (issue 18 item 1). The KEK id stored beside each wrapped key is the token
 * key's label: the current one comes from {@code kidsafe.kek.pkcs11.current-key-label}, and every other key in the token
 * still unwraps what it wrapped, until an operator deletes it from the token (its retirement). The wrapped format
 * (nonce, ciphertext, tag; the associated data binds subject and purpose) is {@link AesGcm}'s, as with KEK files.
 * <p>
 * Moving from KEK files to a token: the KEK files still configured ({@code kidsafe.kek.file}/{@code key-id},
 * {@code kidsafe.kek.retired.*}) unwrap the keys they wrapped, and the re-wrap ({@code DataKeys.rewrapStale}, on write)
 * moves those keys under the token's current key; then the files are removed. A KEK id must name either a file or a
 * token key, never both.
 */
public final class Pkcs11KeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private final Pkcs11Token token;
    private final String currentLabel;
    private final Set<String> fileKekIds;
    private final Supplier<KeyEncryptionKeyProvider> fileKeks;

    /**
     * @param fileKekIds ids of the KEK files still configured (empty when the deployment never had any)
     * @param fileKeks   the provider of those files, asked only for their ids
     * @throws IllegalStateException if the token has no usable key with the current label, or a file KEK id is also a
     *                               token key's label
     */
    Pkcs11KeyEncryptionKeyProvider(Pkcs11Token token, String currentLabel, Set<String> fileKekIds,
                                   Supplier<KeyEncryptionKeyProvider> fileKeks) {
        this.token = token;
        this.currentLabel = currentLabel;
        this.fileKekIds = Set.copyOf(fileKekIds);
        this.fileKeks = fileKeks;
        tokenKey(currentLabel);
        token.labels().stream().filter(this.fileKekIds::contains).findFirst().ifPresent(clash -> {
            throw new IllegalStateException("KEK id " + clash + " names both a KEK file and a token key; give the token key another label");
        });
    }

    /**
     * Opens the token the settings name and checks that its current key is there and cannot leave it.
     *
     * @param fileKekIds ids of the KEK files still configured, to unwrap keys wrapped before the move to the token
     * @param fileKeks   the provider of those files, asked only for their ids
     */
    public static Pkcs11KeyEncryptionKeyProvider open(KekProviderSettings.Pkcs11 settings, Set<String> fileKekIds,
                                                      Supplier<KeyEncryptionKeyProvider> fileKeks) {
        Pkcs11Token token = Pkcs11Token.open(required(settings.library(), "library"), settings.slot(), settings.slotListIndex(),
                required(settings.pinFile(), "pin-file"));
        return new Pkcs11KeyEncryptionKeyProvider(token, required(settings.currentKeyLabel(), "current-key-label"), fileKekIds, fileKeks);
    }

    private static <T> T required(Optional<T> setting, String name) {
        return setting.orElseThrow(() -> new IllegalStateException("kidsafe.kek.provider=pkcs11 needs kidsafe.kek.pkcs11." + name));
    }

    @Override
    public String currentKeyId() {
        return currentLabel;
    }

    @Override
    public byte[] wrap(byte[] dataKey, byte[] associatedData) {
        return AesGcm.seal(tokenKey(currentLabel), token.provider(), dataKey, associatedData);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData) {
        if (fileKekIds.contains(keyId)) {
            return fileKeks.get().unwrap(keyId, wrappedKey, associatedData);
        }
        return AesGcm.open(tokenKey(keyId), token.provider(), wrappedKey, associatedData);
    }

    private SecretKey tokenKey(String label) {
        return token.key(label).orElseThrow(() -> new IllegalStateException("The PKCS#11 token has no key labelled " + label
                + (label.equals(currentLabel) ? " (kidsafe.kek.pkcs11.current-key-label)" : " (retired and deleted, or never created)")));
    }
}

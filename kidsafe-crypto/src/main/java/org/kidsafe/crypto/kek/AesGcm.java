package org.kidsafe.crypto.kek;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message: sealed = nonce || ciphertext || 128-bit tag.
 * The associated data binds each ciphertext to its owner and purpose, so a value copied to another
 * row or field fails to open.
 */
public final class AesGcm {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    public static byte[] seal(SecretKey key, byte[] plaintext, byte[] associatedData) {
        return seal(key, null, plaintext, associatedData);
    }

    /**
     * As {@link #seal(SecretKey, byte[], byte[])}, computed by {@code provider}: a PKCS#11 token's provider encrypts
     * inside the token with a key that never leaves it ({@code kek.pkcs11}); {@code null} takes the JDK's default.
     */
    public static byte[] seal(SecretKey key, Provider provider, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the data was tampered with or the key or associated data is wrong */
    public static byte[] open(SecretKey key, byte[] sealed, byte[] associatedData) {
        return open(key, null, sealed, associatedData);
    }

    /** As {@link #open(SecretKey, byte[], byte[])}, computed by {@code provider} ({@code null}: the JDK's default). */
    public static byte[] open(SecretKey key, Provider provider, byte[] sealed, byte[] associatedData) {
        if (sealed.length < OVERHEAD) {
            throw new IllegalStateException("Sealed data is too short");
        }
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException("AES-GCM authentication failed (wrong key or tampered data)", e);
        }
    }

    private static Cipher cipher(Provider provider) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance(TRANSFORMATION) : Cipher.getInstance(TRANSFORMATION, provider);
    }

    /** A fresh random AES-256 key. */
    public static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BYTES * 8);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The 16 bytes of a UUID, as associated data. */
    public static byte[] idBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}

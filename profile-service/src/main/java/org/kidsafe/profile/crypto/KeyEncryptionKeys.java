package org.kidsafe.profile.crypto;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.profile.config.KekSettings;

import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's key-encryption keys, loaded from files outside the database. Wraps and unwraps
 * per-child data keys and derives the HMAC keys for fingerprints. Production refuses to start
 * without a KEK file; dev and test runs get a throw-away key.
 */
@ApplicationScoped
public class KeyEncryptionKeys {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeys.class);
    private static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keysById = new HashMap<>();
    private final SecretKey fingerprintRoot;

    KeyEncryptionKeys(KekSettings settings) {
        this.currentId = settings.keyId();
        if (settings.file().isPresent()) {
            keysById.put(currentId, read(settings.file().get()));
        } else if (LaunchMode.current() != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.kek.file: wrapping data keys with a throw-away KEK (dev/test only)");
            keysById.put(currentId, generate());
        } else {
            throw new IllegalStateException("kidsafe.kek.file is required in production");
        }
        settings.retired().forEach((id, file) -> keysById.putIfAbsent(id, read(file)));
        String fingerprintId = settings.fingerprintKeyId().orElse(currentId);
        this.fingerprintRoot = keysById.get(fingerprintId);
        if (fingerprintRoot == null) {
            throw new IllegalStateException("kidsafe.kek.fingerprint-key-id names no configured KEK: " + fingerprintId);
        }
    }

    public String currentId() {
        return currentId;
    }

    /** Wraps a data key under the current KEK, bound to {@code associatedData}. */
    public byte[] wrap(SecretKey dataKey, byte[] associatedData) {
        return AesGcm.encrypt(keysById.get(currentId), dataKey.getEncoded(), associatedData);
    }

    public SecretKey unwrap(String kekId, byte[] wrapped, byte[] associatedData) {
        SecretKey kek = keysById.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("No KEK configured with id " + kekId);
        }
        return new SecretKeySpec(AesGcm.decrypt(kek, wrapped, associatedData), "AES");
    }

    /** A keyed HMAC-SHA256 under a key derived for one purpose, so fingerprints of different kinds never collide. */
    public byte[] fingerprint(String purpose, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(fingerprintRoot);
            SecretKey purposeKey = new SecretKeySpec(derive.doFinal(("kidsafe-profile/" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(purposeKey);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }

    /** A fresh random AES-256 data key. */
    public static SecretKey generate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BYTES * 8);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private static SecretKey read(Path file) {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("KEK file " + file + " must hold base64 of exactly " + KEY_BYTES + " bytes");
            }
            return new SecretKeySpec(key, "AES");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Unreadable KEK file " + file, e);
        }
    }
}

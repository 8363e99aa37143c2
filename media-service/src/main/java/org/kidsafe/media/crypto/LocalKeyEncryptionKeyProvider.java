package org.kidsafe.media.crypto;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.media.config.KekSettings;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The KEK from {@code kidsafe.kek.file} or {@code kidsafe.kek.value}, plus retired KEKs by id. Dev
 * and test runs without one get a throw-away KEK (data does not survive a restart); a production
 * run without one refuses to start.
 */
@DefaultBean
@ApplicationScoped
public class LocalKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private static final Logger LOG = Logger.getLogger(LocalKeyEncryptionKeyProvider.class);
    private static final String WRAP_CONTEXT = "kidsafe-media-data-key:";

    private final String currentKeyId;
    private final Map<String, SecretKey> keks = new HashMap<>();

    public LocalKeyEncryptionKeyProvider(KekSettings settings) {
        this.currentKeyId = settings.keyId();
        keks.put(currentKeyId, currentKek(settings));
        settings.retired().forEach((keyId, file) -> keks.putIfAbsent(keyId, readKey(file)));
    }

    @Override
    public String currentKeyId() {
        return currentKeyId;
    }

    @Override
    public byte[] wrap(UUID childId, byte[] dataKey) {
        return AesGcm.seal(keks.get(currentKeyId), dataKey, context(childId));
    }

    @Override
    public byte[] unwrap(String keyId, UUID childId, byte[] wrappedKey) {
        SecretKey kek = keks.get(keyId);
        if (kek == null) {
            throw new IllegalStateException("Unknown KEK id " + keyId + "; configure it under kidsafe.kek.retired");
        }
        return AesGcm.open(kek, wrappedKey, context(childId));
    }

    private static byte[] context(UUID childId) {
        return (WRAP_CONTEXT + childId).getBytes(StandardCharsets.US_ASCII);
    }

    private static SecretKey currentKek(KekSettings settings) {
        if (settings.file().isPresent()) {
            return readKey(settings.file().get());
        }
        if (settings.value().isPresent()) {
            return decode(settings.value().get());
        }
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.kek.file: wrapping data keys with a throw-away KEK (dev/test only)");
            return new SecretKeySpec(AesGcm.randomBytes(32), "AES");
        }
        throw new IllegalStateException("kidsafe.kek.file (or kidsafe.kek.value) is required in production");
    }

    private static SecretKey readKey(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read KEK file " + file, e);
        }
    }

    private static SecretKey decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException("A KEK must be 32 bytes (AES-256), base64-encoded");
        }
        return new SecretKeySpec(key, "AES");
    }
}

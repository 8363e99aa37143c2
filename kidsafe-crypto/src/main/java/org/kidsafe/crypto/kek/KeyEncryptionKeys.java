package org.kidsafe.crypto.kek;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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

/**
 * The locally held KEKs: the current one from {@code kidsafe.kek.file} or {@code kidsafe.kek.value},
 * plus retired ones by key id. Dev and test runs without one get a throw-away KEK (data does not
 * survive a restart); a production run without one refuses to start.
 */
@ApplicationScoped
public class KeyEncryptionKeys {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeys.class);

    private final String currentId;
    private final Map<String, SecretKey> keysById = new HashMap<>();

    @Inject
    public KeyEncryptionKeys(KekSettings settings) {
        this(settings, LaunchMode.current());
    }

    KeyEncryptionKeys(KekSettings settings, LaunchMode mode) {
        this.currentId = settings.keyId();
        keysById.put(currentId, current(settings, mode));
        settings.retired().forEach((id, file) -> keysById.putIfAbsent(id, read(file)));
    }

    public String currentId() {
        return currentId;
    }

    /** The KEK with this id, current or retired. */
    public SecretKey byId(String keyId) {
        SecretKey kek = keysById.get(keyId);
        if (kek == null) {
            throw new IllegalStateException("Unknown KEK id " + keyId + "; configure it under kidsafe.kek.retired");
        }
        return kek;
    }

    private static SecretKey current(KekSettings settings, LaunchMode mode) {
        if (settings.file().isPresent()) {
            return read(settings.file().get());
        }
        if (settings.value().isPresent()) {
            return decode(settings.value().get(), "kidsafe.kek.value");
        }
        if (mode != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.kek.file: wrapping data keys with a throw-away KEK (dev/test only)");
            return AesGcm.newKey();
        }
        throw new IllegalStateException("kidsafe.kek.file (or kidsafe.kek.value) is required in production");
    }

    private static SecretKey read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "KEK file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read KEK file " + file, e);
        }
    }

    private static SecretKey decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64", e);
        }
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalStateException(source + " must hold base64 of exactly " + AesGcm.KEY_BYTES + " bytes (AES-256)");
        }
        return new SecretKeySpec(key, "AES");
    }
}

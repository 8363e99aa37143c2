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
import java.util.Set;

/**
 * The locally held KEKs: the current one and the others still readable, by key id. Either a KEK ring
 * ({@code kidsafe.kek.directory}, {@link KekDirectory}), read again every {@code kidsafe.kek.reload-every} and at once
 * when a key names a version this instance does not know yet, so a rotation or retirement needs no restart (issue 18
 * item 1); or, as before KEK rings, the current one from {@code kidsafe.kek.file} or {@code kidsafe.kek.value} under
 * {@code kidsafe.kek.key-id}. Either way {@code kidsafe.kek.retired} adds KEKs kept elsewhere. Dev and test runs
 * without any get a throw-away KEK (data does not survive a restart); a production run without one refuses to start.
 */
@ApplicationScoped
public class KeyEncryptionKeys {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeys.class);

    private final KekSettings settings;
    private volatile KekDirectory.Ring ring;
    private volatile long readAtNanos;

    @Inject
    public KeyEncryptionKeys(KekSettings settings) {
        this(settings, LaunchMode.current());
    }

    KeyEncryptionKeys(KekSettings settings, LaunchMode mode) {
        this.settings = settings;
        this.ring = settings.directory().isPresent() ? fromDirectory() : fixed(settings, mode);
        this.readAtNanos = System.nanoTime();
    }

    public String currentId() {
        return ring().currentId();
    }

    /** The current id and its KEK, read together, so a wrap never records another version's id than the one it used. */
    public KekDirectory.Ring ring() {
        if (settings.directory().isPresent() && System.nanoTime() - readAtNanos >= settings.reloadEvery().toNanos()) {
            reload();
        }
        return ring;
    }

    /** The KEK with this id, current or still readable; an unknown id makes a ring be read again first. */
    public SecretKey byId(String keyId) {
        SecretKey kek = ring().keys().get(keyId);
        if (kek == null && settings.directory().isPresent()) {
            reload();
            kek = ring.keys().get(keyId);
        }
        if (kek == null) {
            throw new IllegalStateException("Unknown KEK id " + keyId + "; it was retired, or is not yet in kidsafe.kek.directory or kidsafe.kek.retired");
        }
        return kek;
    }

    /** The ids this instance can unwrap with now. */
    public Set<String> readableIds() {
        return ring().keys().keySet();
    }

    private synchronized void reload() {
        readAtNanos = System.nanoTime();
        try {
            KekDirectory.Ring fresh = fromDirectory();
            if (!fresh.currentId().equals(ring.currentId()) || !fresh.keys().keySet().equals(ring.keys().keySet())) {
                LOG.infof("KEK ring changed: %s wraps; readable: %s", fresh.currentId(), fresh.keys().keySet());
            }
            ring = fresh;
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the KEK ring again (%s): keeping the KEKs in use", e.getMessage());
        }
    }

    private KekDirectory.Ring fromDirectory() {
        KekDirectory.Ring read = KekDirectory.read(settings.directory().orElseThrow());
        Map<String, SecretKey> keys = new HashMap<>(read.keys());
        settings.retired().forEach((id, file) -> keys.putIfAbsent(id, read(file)));
        return new KekDirectory.Ring(read.currentId(), keys);
    }

    private static KekDirectory.Ring fixed(KekSettings settings, LaunchMode mode) {
        Map<String, SecretKey> keys = new HashMap<>();
        keys.put(settings.keyId(), current(settings, mode));
        settings.retired().forEach((id, file) -> keys.putIfAbsent(id, read(file)));
        return new KekDirectory.Ring(settings.keyId(), keys);
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
        throw new IllegalStateException("kidsafe.kek.directory or kidsafe.kek.file (or kidsafe.kek.value) is required in production");
    }

    static SecretKey read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "KEK file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read KEK file " + file, e);
        }
    }

    static SecretKey decode(String base64, String source) {
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

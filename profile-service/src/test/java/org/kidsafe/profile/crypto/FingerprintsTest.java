package org.kidsafe.profile.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.crypto.kek.KeyEncryptionKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fingerprints survive a KEK rotation, and fingerprints of different purposes differ. (Wrapping itself: event-backbone's KeyEncryptionKeysTest.) */
class FingerprintsTest {

    @TempDir
    Path folder;

    @Test
    void aRotatedKekKeepsFingerprints() throws IOException {
        Path first = kekFile("first");
        Path second = kekFile("second");
        Fingerprints before = new Fingerprints(keks(first, "kek-1", Map.of()), Optional.empty());
        Fingerprints after = new Fingerprints(keks(second, "kek-2", Map.of("kek-1", first)), Optional.of("kek-1"));

        assertArrayEquals(before.of("display-name", "braveotter7"), after.of("display-name", "braveotter7"));
        assertThrows(IllegalStateException.class, () -> new Fingerprints(keks(second, "kek-2", Map.of()), Optional.of("kek-1")));
    }

    @Test
    void fingerprintsOfDifferentPurposesDiffer() throws IOException {
        Fingerprints fingerprints = new Fingerprints(keks(kekFile("only"), "kek-1", Map.of()), Optional.empty());
        byte[] name = fingerprints.of("display-name", "ABCDE12345");
        byte[] code = fingerprints.of("pairing-code", "ABCDE12345");
        assertEquals(32, name.length);
        assertThrows(AssertionError.class, () -> assertArrayEquals(name, code));
    }

    private Path kekFile(String name) throws IOException {
        Path file = folder.resolve(name + ".kek");
        Files.writeString(file, Base64.getEncoder().encodeToString(AesGcm.newKey().getEncoded()) + "\n");
        return file;
    }

    private static KeyEncryptionKeys keks(Path file, String keyId, Map<String, Path> retired) {
        return new KeyEncryptionKeys(new Settings(Optional.of(file), Optional.empty(), keyId, retired));
    }

    private record Settings(Optional<Path> file, Optional<String> value, String keyId, Map<String, Path> retired) implements KekSettings {
        @Override
        public Duration rotationPeriod() {
            return Duration.ofDays(30);
        }
    }
}

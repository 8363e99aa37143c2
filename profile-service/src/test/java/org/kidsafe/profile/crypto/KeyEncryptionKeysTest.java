package org.kidsafe.profile.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.profile.config.KekSettings;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** KEK rotation: keys wrapped by a retired KEK still unwrap, and fingerprints survive the rotation. */
class KeyEncryptionKeysTest {

    private static final byte[] BOUND_TO = "child-key:some-child".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void aRotatedKekStillUnwrapsOldKeysAndKeepsFingerprints() throws IOException {
        Path first = kekFile("first");
        Path second = kekFile("second");
        KeyEncryptionKeys before = new KeyEncryptionKeys(settings(first, "kek-1", Map.of(), Optional.empty()));
        SecretKey dataKey = KeyEncryptionKeys.generate();
        byte[] wrapped = before.wrap(dataKey, BOUND_TO);

        KeyEncryptionKeys after = new KeyEncryptionKeys(settings(second, "kek-2", Map.of("kek-1", first), Optional.of("kek-1")));

        assertEquals("kek-2", after.currentId());
        assertArrayEquals(dataKey.getEncoded(), after.unwrap("kek-1", wrapped, BOUND_TO).getEncoded());
        assertArrayEquals(before.fingerprint("display-name", "braveotter7"), after.fingerprint("display-name", "braveotter7"));
    }

    @Test
    void aWrappedKeyOpensOnlyForItsOwnChild() throws IOException {
        KeyEncryptionKeys keks = new KeyEncryptionKeys(settings(kekFile("only"), "kek-1", Map.of(), Optional.empty()));
        byte[] wrapped = keks.wrap(KeyEncryptionKeys.generate(), BOUND_TO);

        assertThrows(IllegalStateException.class, () -> keks.unwrap("kek-1", wrapped, "child-key:another-child".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> keks.unwrap("kek-unknown", wrapped, BOUND_TO));
    }

    @Test
    void fingerprintsOfDifferentPurposesDiffer() throws IOException {
        KeyEncryptionKeys keks = new KeyEncryptionKeys(settings(kekFile("only"), "kek-1", Map.of(), Optional.empty()));
        byte[] name = keks.fingerprint("display-name", "ABCDE12345");
        byte[] code = keks.fingerprint("pairing-code", "ABCDE12345");
        assertEquals(32, name.length);
        assertThrows(AssertionError.class, () -> assertArrayEquals(name, code));
    }

    private Path kekFile(String name) throws IOException {
        Path file = folder.resolve(name + ".kek");
        Files.writeString(file, Base64.getEncoder().encodeToString(KeyEncryptionKeys.generate().getEncoded()) + "\n");
        return file;
    }

    private static KekSettings settings(Path file, String keyId, Map<String, Path> retired, Optional<String> fingerprintKeyId) {
        return new KekSettings() {
            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }

            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Map<String, Path> retired() {
                return retired;
            }

            @Override
            public Optional<String> fingerprintKeyId() {
                return fingerprintKeyId;
            }
        };
    }
}

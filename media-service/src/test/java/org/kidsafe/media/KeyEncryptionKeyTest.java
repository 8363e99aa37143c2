package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.media.config.KekSettings;
import org.kidsafe.media.crypto.AesGcm;
import org.kidsafe.media.crypto.LocalKeyEncryptionKeyProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Data keys wrapped by the KEK: bound to their child, and still unwrappable after the KEK is rotated. */
class KeyEncryptionKeyTest {

    @TempDir
    Path folder;

    @Test
    void aKeyWrappedBeforeARotationStillUnwrapsWithTheRetiredKek() throws IOException {
        Path oldKek = kekFile("old.kek");
        Path newKek = kekFile("new.kek");
        UUID child = UUID.randomUUID();
        byte[] dataKey = AesGcm.randomBytes(32);

        LocalKeyEncryptionKeyProvider before = new LocalKeyEncryptionKeyProvider(settings(oldKek, "kek-0", Map.of()));
        byte[] wrappedBefore = before.wrap(child, dataKey);
        LocalKeyEncryptionKeyProvider after = new LocalKeyEncryptionKeyProvider(settings(newKek, "kek-1", Map.of("kek-0", oldKek)));

        assertEquals("kek-1", after.currentKeyId());
        assertArrayEquals(dataKey, after.unwrap("kek-0", child, wrappedBefore));
        assertArrayEquals(dataKey, after.unwrap("kek-1", child, after.wrap(child, dataKey)));
        assertFalse(TestMedia.contains(wrappedBefore, dataKey), "the wrapped key shows the key");
    }

    @Test
    void aWrappedKeyOpensOnlyForItsOwnChildAndKnownKek() throws IOException {
        LocalKeyEncryptionKeyProvider kek = new LocalKeyEncryptionKeyProvider(settings(kekFile("a.kek"), "kek-1", Map.of()));
        UUID child = UUID.randomUUID();
        byte[] wrapped = kek.wrap(child, AesGcm.randomBytes(32));

        assertThrows(IllegalStateException.class, () -> kek.unwrap("kek-1", UUID.randomUUID(), wrapped));
        assertThrows(IllegalStateException.class, () -> kek.unwrap("kek-unknown", child, wrapped));
    }

    @Test
    void aKekMustBe256Bits() throws IOException {
        Path shortKey = folder.resolve("short.kek");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertThrows(IllegalStateException.class, () -> new LocalKeyEncryptionKeyProvider(settings(shortKey, "kek-1", Map.of())));
    }

    private Path kekFile(String name) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(AesGcm.randomBytes(32)) + "\n");
        return file;
    }

    private static KekSettings settings(Path file, String keyId, Map<String, Path> retired) {
        return new KekSettings() {
            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }

            @Override
            public Optional<String> value() {
                return Optional.empty();
            }

            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Map<String, Path> retired() {
                return retired;
            }
        };
    }
}

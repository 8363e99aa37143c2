package org.kidsafe.crypto.datakey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.crypto.kek.KeyEncryptionKeys;
import org.kidsafe.crypto.kek.LocalKeyEncryptionKeyProvider;
import org.kidsafe.crypto.kek.TestKekSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of a stored data key: bound to its subject and its service's purpose, and surviving a KEK rotation unchanged. */
class DataKeyWrapTest {

    private static final DataKeyPurpose PROFILE = new DataKeyPurpose("child-key:");
    private static final DataKeyPurpose MEDIA = new DataKeyPurpose("kidsafe-media-data-key:");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aKeyOpensOnlyForItsSubjectAndItsServicesPurpose() throws IOException {
        KeyEncryptionKeyProvider kek = provider(kekFile("kek-1"), "kek-1", Map.of());
        WrappedDataKey stored = new DataKeyWrap(kek, MEDIA).create(UUID.randomUUID(), NOW);

        DataKey opened = new DataKeyWrap(kek, MEDIA).unwrap(stored);
        assertEquals(stored.subjectId, opened.subjectId());
        assertEquals(stored.generation, opened.generation());

        assertThrows(IllegalStateException.class, () -> new DataKeyWrap(kek, PROFILE).unwrap(stored),
                "a media key copied into profile-service's table must not unwrap there");
        WrappedDataKey movedToAnotherSubject = copy(stored);
        movedToAnotherSubject.subjectId = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> new DataKeyWrap(kek, MEDIA).unwrap(movedToAnotherSubject));
    }

    @Test
    void theWrapIsTheLabelAndTheSubjectSoKeysStoredBeforeTheSharedComponentStillOpen() throws IOException {
        Path kekFile = kekFile("kek-1");
        KeyEncryptionKeyProvider kek = provider(kekFile, "kek-1", Map.of());
        UUID child = UUID.randomUUID();
        byte[] raw = AesGcm.randomBytes(32);
        WrappedDataKey legacy = new WrappedDataKey();
        legacy.subjectId = child;
        legacy.generation = UUID.randomUUID();
        legacy.kekId = "kek-1";
        legacy.wrappedKey = kek.wrap(raw, ("child-key:" + child).getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(raw, new DataKeyWrap(kek, PROFILE).unwrap(legacy).key().getEncoded());
    }

    @Test
    void aRewrapMovesTheSameKeyToTheCurrentKekAndKeepsItsGeneration() throws IOException {
        Path oldKek = kekFile("kek-0");
        DataKeyWrap before = new DataKeyWrap(provider(oldKek, "kek-0", Map.of()), MEDIA);
        WrappedDataKey stored = before.create(UUID.randomUUID(), NOW);
        byte[] raw = before.unwrap(stored).key().getEncoded();
        UUID generation = stored.generation;
        byte[] wrappedBefore = stored.wrappedKey;

        DataKeyWrap after = new DataKeyWrap(provider(kekFile("kek-1"), "kek-1", Map.of("kek-0", oldKek)), MEDIA);
        assertTrue(after.isStale(stored));
        DataKey rewrapped = after.rewrap(stored);

        assertFalse(after.isStale(stored));
        assertEquals("kek-1", stored.kekId);
        assertEquals(generation, stored.generation);
        assertEquals(generation, rewrapped.generation());
        assertFalse(java.util.Arrays.equals(wrappedBefore, stored.wrappedKey), "the stored bytes change");
        assertArrayEquals(raw, rewrapped.key().getEncoded());
        assertArrayEquals(raw, after.unwrap(stored).key().getEncoded());
    }

    @Test
    void aNewKeyHasANewGeneration() throws IOException {
        DataKeyWrap wrap = new DataKeyWrap(provider(kekFile("kek-1"), "kek-1", Map.of()), PROFILE);
        UUID subject = UUID.randomUUID();
        assertNotEquals(wrap.create(subject, NOW).generation, wrap.create(subject, NOW).generation);
    }

    @Test
    void aPurposeHasALabel() {
        assertThrows(IllegalArgumentException.class, () -> new DataKeyPurpose(" "));
        assertThrows(IllegalArgumentException.class, () -> new DataKeyPurpose(null));
    }

    private static WrappedDataKey copy(WrappedDataKey key) {
        WrappedDataKey copy = new WrappedDataKey();
        copy.subjectId = key.subjectId;
        copy.generation = key.generation;
        copy.kekId = key.kekId;
        copy.wrappedKey = key.wrappedKey.clone();
        copy.createdAt = key.createdAt;
        return copy;
    }

    private Path kekFile(String name) throws IOException {
        Path file = folder.resolve(name + ".kek");
        Files.writeString(file, Base64.getEncoder().encodeToString(AesGcm.randomBytes(32)));
        return file;
    }

    private static KeyEncryptionKeyProvider provider(Path file, String keyId, Map<String, Path> retired) {
        return new LocalKeyEncryptionKeyProvider(new KeyEncryptionKeys(TestKekSettings.files(Optional.of(file), Optional.empty(), keyId, retired)));
    }
}

package org.kidsafe.crypto.kek;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Data keys wrapped by the KEK: bound to their owner, and still unwrappable after the KEK is rotated. */
class KeyEncryptionKeysTest {

    private static final byte[] BOUND_TO = "child-key:some-child".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void aKeyWrappedBeforeARotationStillUnwrapsWithTheRetiredKek() throws IOException {
        Path oldKek = kekFile("old.kek");
        Path newKek = kekFile("new.kek");
        byte[] dataKey = AesGcm.randomBytes(32);

        KeyEncryptionKeyProvider before = provider(fromFile(oldKek, "kek-0", Map.of()));
        byte[] wrappedBefore = before.wrap(dataKey, BOUND_TO);
        KeyEncryptionKeyProvider after = provider(fromFile(newKek, "kek-1", Map.of("kek-0", oldKek)));

        assertEquals("kek-1", after.currentKeyId());
        assertArrayEquals(dataKey, after.unwrap("kek-0", wrappedBefore, BOUND_TO));
        assertArrayEquals(dataKey, after.unwrap("kek-1", after.wrap(dataKey, BOUND_TO), BOUND_TO));
        assertFalse(contains(wrappedBefore, dataKey), "the wrapped key shows the key");
    }

    @Test
    void aWrappedKeyOpensOnlyForItsOwnChildAndKnownKek() throws IOException {
        KeyEncryptionKeyProvider kek = provider(fromFile(kekFile("a.kek"), "kek-1", Map.of()));
        byte[] wrapped = kek.wrap(AesGcm.newKey().getEncoded(), BOUND_TO);

        assertThrows(IllegalStateException.class, () -> kek.unwrap("kek-1", wrapped, "child-key:another-child".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> kek.unwrap("kek-unknown", wrapped, BOUND_TO));
    }

    @Test
    void aKekMustBe256Bits() throws IOException {
        Path shortKey = folder.resolve("short.kek");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertThrows(IllegalStateException.class, () -> new KeyEncryptionKeys(fromFile(shortKey, "kek-1", Map.of())));
    }

    @Test
    void theKekMayComeFromTheEnvironmentInsteadOfAFile() {
        byte[] kek = AesGcm.randomBytes(32);
        KeyEncryptionKeys keks = new KeyEncryptionKeys(TestKekSettings.files(Optional.empty(), Optional.of(Base64.getEncoder().encodeToString(kek)), "kek-1", Map.of()));
        assertArrayEquals(kek, keks.byId("kek-1").getEncoded());
    }

    @Test
    void withoutAKekOnlyDevAndTestRunsStartWithAThrowAwayOne() {
        TestKekSettings none = TestKekSettings.files(Optional.empty(), Optional.empty(), "kek-1", Map.of());
        assertEquals(32, new KeyEncryptionKeys(none, LaunchMode.TEST).byId("kek-1").getEncoded().length);
        assertThrows(IllegalStateException.class, () -> new KeyEncryptionKeys(none, LaunchMode.NORMAL));
    }

    private static KeyEncryptionKeyProvider provider(KekSettings settings) {
        return new LocalKeyEncryptionKeyProvider(new KeyEncryptionKeys(settings));
    }

    private Path kekFile(String name) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(AesGcm.randomBytes(32)) + "\n");
        return file;
    }

    private static KekSettings fromFile(Path file, String keyId, Map<String, Path> retired) {
        return TestKekSettings.files(Optional.of(file), Optional.empty(), keyId, retired);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}

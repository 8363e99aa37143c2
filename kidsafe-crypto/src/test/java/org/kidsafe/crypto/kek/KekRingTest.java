package org.kidsafe.crypto.kek;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KEK versions in a ring (issue 18 item 1): a running instance takes up a rotation without a restart, another instance
 * on the same ring unwraps what the first wrapped with a version it has not read yet, and a version is retired (its
 * file destroyed) only when it is not current, wraps no live key and the promotion has settled.
 */
class KekRingTest {

    private static final byte[] BOUND_TO = "child-key:c1".getBytes(StandardCharsets.UTF_8);
    private static final Duration SETTLE = Duration.ofMinutes(1);

    @TempDir
    Path ring;

    @Test
    void aRunningInstanceWrapsWithTheRotatedKekWithoutARestartAndStillUnwrapsTheOldOne() {
        KekDirectory.initialise(ring);
        LocalKeyEncryptionKeyProvider provider = new LocalKeyEncryptionKeyProvider(keys(Duration.ZERO));
        KekWrapped before = provider.wrapCurrent(new byte[32], BOUND_TO);
        assertEquals("kek-1", before.keyId());

        String next = KekDirectory.rotate(ring);

        assertEquals("kek-2", next);
        KekWrapped after = provider.wrapCurrent(new byte[32], BOUND_TO);
        assertEquals("kek-2", after.keyId(), "the rotated KEK wraps, in the same instance");
        assertArrayEquals(new byte[32], provider.unwrap("kek-1", before.wrappedKey(), BOUND_TO), "the old KEK still unwraps");
        assertArrayEquals(new byte[32], provider.unwrap("kek-2", after.wrappedKey(), BOUND_TO));
    }

    @Test
    void anotherInstanceUnwrapsWithAVersionItHasNotReadYet() {
        KekDirectory.initialise(ring);
        LocalKeyEncryptionKeyProvider first = new LocalKeyEncryptionKeyProvider(keys(Duration.ZERO));
        LocalKeyEncryptionKeyProvider second = new LocalKeyEncryptionKeyProvider(keys(Duration.ofHours(1)));
        KekDirectory.rotate(ring);

        KekWrapped wrapped = first.wrapCurrent(new byte[32], BOUND_TO);

        assertEquals("kek-1", second.currentKeyId(), "not read again yet");
        assertArrayEquals(new byte[32], second.unwrap(wrapped.keyId(), wrapped.wrappedKey(), BOUND_TO), "an unknown id reads the ring at once");
        assertEquals("kek-2", second.currentKeyId());
    }

    @Test
    void aVersionIsRetiredOnlyWhenNothingUsesItAndThenItsFileIsGone() throws Exception {
        KekDirectory.initialise(ring);
        KeyEncryptionKeys keys = keys(Duration.ZERO);
        KekDirectory.rotate(ring);
        Instant settled = KekDirectory.promotedAt(ring).plus(SETTLE);

        assertThrows(IllegalStateException.class, () -> KekDirectory.retire(ring, "kek-2", Set.of(), SETTLE, settled), "the current one");
        assertThrows(IllegalStateException.class, () -> KekDirectory.retire(ring, "kek-1", Set.of("kek-1"), SETTLE, settled), "a key still uses it");
        assertThrows(IllegalStateException.class, () -> KekDirectory.retire(ring, "kek-1", Set.of(), SETTLE, settled.minusSeconds(1)),
                "an instance may still wrap with it");
        assertTrue(Files.exists(ring.resolve("kek-1.kek")));
        assertEquals(Set.of("kek-1"), KekDirectory.retirable(ring, Set.of("kek-2"), SETTLE, settled));

        KekDirectory.retire(ring, "kek-1", Set.of("kek-2"), SETTLE, settled);

        assertFalse(Files.exists(ring.resolve("kek-1.kek")), "the retired KEK is destroyed");
        assertEquals(Set.of("kek-2"), keys.readableIds(), "the running instance forgets it");
        assertThrows(IllegalStateException.class, () -> keys.byId("kek-1"));
        assertEquals("kek-3", KekDirectory.rotate(ring), "a retired id is never used again");
    }

    @Test
    void aHalfDoneRotationKeepsTheRingInUse() throws Exception {
        KekDirectory.initialise(ring);
        KeyEncryptionKeys keys = keys(Duration.ZERO);
        Files.writeString(ring.resolve(KekDirectory.CURRENT), "kek-9");

        assertEquals("kek-1", keys.currentId(), "current names no version: the instance keeps the ring it had");
    }

    private KeyEncryptionKeys keys(Duration reloadEvery) {
        return new KeyEncryptionKeys(TestKekSettings.ring(ring, reloadEvery), LaunchMode.NORMAL);
    }
}

package org.kidsafe.media;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.crypto.kek.pkcs11.KekProviderSettings;
import org.kidsafe.crypto.kek.pkcs11.Pkcs11KeyEncryptionKeyProvider;
import org.kidsafe.testsupport.SoftHsmToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kidsafe-crypto's PKCS#11 KEK provider against a real token (Debian's SoftHSM2, installed by the test when missing),
 * with keys made, and retired, by pkcs11-tool as deploy/README.md tells operators to (issue 18 item 1). It lives here
 * and not in kidsafe-crypto because the token fixture is test-support's, which depends on kidsafe-crypto; media-service
 * holds data keys and has both.
 */
class Pkcs11KeyEncryptionKeyProviderTest {

    private static SoftHsmToken token;

    @BeforeAll
    static void token() {
        token = SoftHsmToken.shared();
    }

    @Test
    void dataKeysAreWrappedAndUnwrappedInsideTheTokenUnderTheCurrentLabel() {
        String label = newKey("current");
        KeyEncryptionKeyProvider keks = provider(label);
        byte[] dataKey = AesGcm.randomBytes(AesGcm.KEY_BYTES);

        byte[] wrapped = keks.wrap(dataKey, owner("child-1"));

        assertEquals(label, keks.currentKeyId(), "the KEK id stored beside a wrapped key is the token key's label");
        assertEquals(AesGcm.OVERHEAD + AesGcm.KEY_BYTES, wrapped.length, "nonce, ciphertext and tag, as with KEK files");
        assertFalse(contains(wrapped, dataKey));
        assertArrayEquals(dataKey, keks.unwrap(label, wrapped, owner("child-1")));
    }

    @Test
    void theKekNeverLeavesTheTokenAndAKeyThatCouldIsRefused() {
        String label = newKey("sealed");
        provider(label);
        assertFalse(token.revealsKeyValue(label), "the token refuses to reveal a KEK made as the operator steps say");

        String readable = "readable-" + UUID.randomUUID();
        token.createExtractableKey(readable, false);
        String wrappableOut = "wrappable-" + UUID.randomUUID();
        token.createExtractableKey(wrappableOut, true);
        assertTrue(token.revealsKeyValue(readable), "the fixture really made a key whose value can be read");
        assertTrue(assertThrows(IllegalStateException.class, () -> provider(readable)).getMessage().contains("not extractable"));
        assertTrue(assertThrows(IllegalStateException.class, () -> provider(wrappableOut)).getMessage().contains("not extractable"),
                "a sensitive key that may still be wrapped out of the token is refused too");
    }

    @Test
    void aWrappedKeyOpensOnlyUnderItsOwnLabelAndForItsOwnOwner() {
        String first = newKey("first");
        String second = newKey("second");
        KeyEncryptionKeyProvider keks = provider(first);
        byte[] wrapped = keks.wrap(AesGcm.randomBytes(AesGcm.KEY_BYTES), owner("child-1"));

        assertThrows(IllegalStateException.class, () -> keks.unwrap(second, wrapped, owner("child-1")));
        assertThrows(IllegalStateException.class, () -> keks.unwrap(first, wrapped, owner("child-2")));
        assertThrows(IllegalStateException.class, () -> keks.unwrap("no-such-label", wrapped, owner("child-1")));
    }

    @Test
    void aNewKeyIsReadByEveryReplicaAtOnceAndADeletedOneByNone() {
        String old = newKey("old");
        KeyEncryptionKeyProvider replicaStillOnOld = provider(old);
        byte[] wrappedByOld = replicaStillOnOld.wrap(AesGcm.randomBytes(AesGcm.KEY_BYTES), owner("child-1"));

        String rotated = newKey("rotated");
        KeyEncryptionKeyProvider replicaOnRotated = provider(rotated);
        byte[] dataKey = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] wrappedByRotated = replicaOnRotated.wrap(dataKey, owner("child-2"));

        assertArrayEquals(dataKey, replicaStillOnOld.unwrap(rotated, wrappedByRotated, owner("child-2")),
                "a replica not yet switched reads keys wrapped under a label created after it started");
        replicaOnRotated.unwrap(old, wrappedByOld, owner("child-1"));

        token.deleteKey(old);

        for (KeyEncryptionKeyProvider replica : new KeyEncryptionKeyProvider[]{replicaStillOnOld, replicaOnRotated}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> replica.unwrap(old, wrappedByOld, owner("child-1")));
            assertTrue(refused.getMessage().contains("no key labelled " + old), refused.getMessage());
        }
    }

    @Test
    void aServiceDoesNotStartWithoutItsCurrentKeyOrWithAnIdThatNamesAFileAndATokenKey() {
        assertThrows(IllegalStateException.class, () -> provider("never-created-" + UUID.randomUUID()));
        String label = newKey("clash");
        assertThrows(IllegalStateException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(settings(newKey("other")), Set.of(label),
                () -> {
                    throw new AssertionError("not asked");
                }));
    }

    private static String newKey(String name) {
        String label = name + "-" + UUID.randomUUID();
        token.createKey(label);
        return label;
    }

    private static KeyEncryptionKeyProvider provider(String currentLabel) {
        return Pkcs11KeyEncryptionKeyProvider.open(settings(currentLabel), Set.of(), () -> {
            throw new AssertionError("no KEK files here");
        });
    }

    private static KekProviderSettings.Pkcs11 settings(String currentLabel) {
        return settings(token, currentLabel);
    }

    /** The settings a service would have for this token and current key. */
    static KekProviderSettings.Pkcs11 settings(SoftHsmToken token, String currentLabel) {
        return new KekProviderSettings.Pkcs11() {
            @Override
            public Optional<Path> library() {
                return Optional.of(token.library());
            }

            @Override
            public Optional<Long> slot() {
                return Optional.of(token.slot());
            }

            @Override
            public Optional<Integer> slotListIndex() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> pinFile() {
                return Optional.of(token.pinFile());
            }

            @Override
            public Optional<String> currentKeyLabel() {
                return Optional.of(currentLabel);
            }
        };
    }

    private static byte[] owner(String subject) {
        return ("kidsafe-media-data-key:" + subject).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}

package org.kidsafe.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.SigningKeyIds;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.crypto.signing.VerificationKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signing keys of a local data folder (issue 18 item 4, issue 16 item 5): a folder of the previous release keeps
 * verifying what it signed under the bare service name, and {@code ./kidsafe rotate <service> --signing-key} retires
 * the key without orphaning anything it signed.
 */
class KeysTest {

    private static final String SERVICE = Platform.CONSENT;
    private static final Map<String, String> RECEIPT = Map.of("erasureId", "e-1");

    @TempDir
    Path keys;

    @Test
    void aFolderOfThePreviousReleaseKeepsItsKeyAndItsReceiptsKeepVerifying() {
        // The previous release's folder: <service>.key/.pub and nothing else; its receipts carry kid = the service's name.
        SigningKeys.write(SigningKeys.generate(), keys, SERVICE);
        String previousRelease = Es256Jws.sign(RECEIPT, SERVICE, SigningKeys.readPrivate(keys.resolve(SERVICE + ".key")));
        String privateKeyBefore = read(keys.resolve(SERVICE + ".key"));

        Keys migrated = new Keys(keys);
        Path key = migrated.signingKey(SERVICE);

        assertEquals(privateKeyBefore, read(key), "the key in use stays the same");
        assertTrue(Files.exists(migrated.retiredSigningKeys(SERVICE).resolve(SERVICE + ".pub")), "kept under its legacy id");
        assertEquals("e-1", published(migrated).verify(previousRelease).path("erasureId").asText());

        migrated.rotateSigningKey(SERVICE);
        assertEquals("e-1", published(migrated).verify(previousRelease).path("erasureId").asText(), "and after a rotation");
    }

    /**
     * The previous release kept each service's KEK as one file, {@code <service>.kek}, under the id kek-1: it becomes the
     * current version of the service's KEK ring under that id (every key it wrapped stays readable), and the old file
     * is gone, so retiring kek-1 later leaves no copy (issue 18 item 1).
     */
    @Test
    void theKekOfThePreviousReleaseBecomesTheCurrentVersionOfTheRing() throws Exception {
        String kek = Base64.getEncoder().encodeToString(AesGcm.randomBytes(AesGcm.KEY_BYTES));
        Files.writeString(keys.resolve(Platform.MEDIA + ".kek"), kek);

        Path ring = new Keys(keys).keyEncryptionKeys(Platform.MEDIA);

        KekDirectory.Ring read = KekDirectory.read(ring);
        assertEquals("kek-1", read.currentId());
        assertEquals(kek, Base64.getEncoder().encodeToString(read.keys().get("kek-1").getEncoded()));
        assertFalse(Files.exists(keys.resolve(Platform.MEDIA + ".kek")), "no second copy of the KEK");
        assertEquals(ring, new Keys(keys).keyEncryptionKeys(Platform.MEDIA));
        assertEquals("kek-1", KekDirectory.currentId(ring), "a second start changes nothing");
    }

    @Test
    void aRotationMakesANewKeyIdAndKeepsTheOldPublicKey() {
        Keys fresh = new Keys(keys);
        Path key = fresh.signingKey(SERVICE);
        assertFalse(Files.exists(fresh.retiredSigningKeys(SERVICE).resolve(SERVICE + ".pub")), "a new folder has no legacy key");
        String oldKeyId = SigningKeyIds.of(SERVICE, SigningKeys.readPublic(fresh.signingPublicKey(SERVICE)));
        String before = Es256Jws.sign(RECEIPT, oldKeyId, SigningKeys.readPrivate(key));

        String newKeyId = fresh.rotateSigningKey(SERVICE);

        assertNotEquals(oldKeyId, newKeyId);
        assertEquals(newKeyId, SigningKeyIds.of(SERVICE, SigningKeys.readPublic(fresh.signingPublicKey(SERVICE))));
        assertTrue(Files.exists(fresh.retiredSigningKeys(SERVICE).resolve(oldKeyId + ".pub")));
        assertEquals("e-1", published(fresh).verify(before).path("erasureId").asText());
        String after = Es256Jws.sign(RECEIPT, newKeyId, SigningKeys.readPrivate(fresh.signingKey(SERVICE)));
        assertEquals("e-1", published(fresh).verify(after).path("erasureId").asText());
    }

    /** What the platform configures a verifier of the service with: the current public key and the retired ones. */
    private static VerificationKeys published(Keys keys) {
        return VerificationKeys.load(SERVICE, List.of(keys.signingPublicKey(SERVICE), keys.retiredSigningKeys(SERVICE)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.kidsafe.profile.crypto;

import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.pseudonym.LookupFingerprints;

import javax.crypto.SecretKey;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fingerprints no longer depend on any KEK (issue 18 item 1): the same under every KEK, different per purpose, and the
 * previous release's KEK-derived one is given only until the migration is done.
 */
class FingerprintsTest {

    private static final LookupFingerprints LOOKUP = new LookupFingerprints(AesGcm.randomBytes(32));

    @Test
    void fingerprintsDoNotDependOnAnyKek() {
        Fingerprints underOneKek = new Fingerprints(LOOKUP, AesGcm.newKey());
        Fingerprints underAnother = new Fingerprints(LOOKUP, AesGcm.newKey());
        Fingerprints withoutKek = new Fingerprints(LOOKUP, null);

        assertArrayEquals(underOneKek.of("display-name", "braveotter7"), underAnother.of("display-name", "braveotter7"));
        assertArrayEquals(underOneKek.of("display-name", "braveotter7"), withoutKek.of("display-name", "braveotter7"));
    }

    @Test
    void fingerprintsOfDifferentPurposesDiffer() {
        Fingerprints fingerprints = new Fingerprints(LOOKUP, null);
        byte[] name = fingerprints.of("display-name", "ABCDE12345");
        byte[] code = fingerprints.of("pairing-code", "ABCDE12345");
        assertEquals(32, name.length);
        assertThrows(AssertionError.class, () -> assertArrayEquals(name, code));
    }

    @Test
    void thePreviousReleasesFingerprintIsGivenOnlyUntilTheMigrationIsDone() {
        SecretKey kek = AesGcm.newKey();
        Fingerprints fingerprints = new Fingerprints(LOOKUP, kek);

        assertArrayEquals(Fingerprints.previousRelease(kek, "display-name", "braveotter7"), fingerprints.legacy("display-name", "braveotter7").orElseThrow());
        assertFalse(Arrays.equals(fingerprints.of("display-name", "braveotter7"), fingerprints.legacy("display-name", "braveotter7").orElseThrow()));

        fingerprints.legacyMigrated();

        assertTrue(fingerprints.legacy("display-name", "braveotter7").isEmpty());
    }
}

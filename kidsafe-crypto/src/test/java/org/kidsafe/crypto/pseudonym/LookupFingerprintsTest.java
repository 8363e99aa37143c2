package org.kidsafe.crypto.pseudonym;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Lookup fingerprints: stable under one pseudonymisation key, separate per purpose and from device pseudonyms (issue 18 item 1). */
class LookupFingerprintsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theSameValueAndPurposeGiveTheSameFingerprint() {
        assertArrayEquals(new LookupFingerprints(KEY).of("p/display-name", "braveotter7"), new LookupFingerprints(KEY).of("p/display-name", "braveotter7"));
        assertEquals(32, new LookupFingerprints(KEY).of("p/display-name", "braveotter7").length);
    }

    @Test
    void purposesAreSeparateAndNoDevicePseudonymIsAFingerprint() {
        LookupFingerprints fingerprints = new LookupFingerprints(KEY);
        assertFalse(Arrays.equals(fingerprints.of("p/display-name", "ABCDE12345"), fingerprints.of("p/pairing-code", "ABCDE12345")));
        assertNotEquals(new DevicePseudonyms(KEY).of("ABCDE12345"),
                Base64.getUrlEncoder().withoutPadding().encodeToString(fingerprints.of("p/display-name", "ABCDE12345")));
    }
}

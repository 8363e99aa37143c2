package org.kidsafe.crypto.pseudonym;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicePseudonymsTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[DevicePseudonyms.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void aPseudonymIsStableBase64UrlOf32BytesAndNeverTheId() {
        DevicePseudonyms pseudonyms = new DevicePseudonyms(key(7));
        String pseudonym = pseudonyms.of("toy-livingroom-7");

        assertEquals(pseudonym, new DevicePseudonyms(key(7)).of("toy-livingroom-7"), "the same key gives the same pseudonym");
        assertEquals(DevicePseudonyms.LENGTH, pseudonym.length());
        assertTrue(pseudonym.matches("[A-Za-z0-9_-]{43}"), pseudonym);
        assertNotEquals(pseudonym, pseudonyms.of("toy-livingroom-8"));
        assertTrue(!pseudonym.contains("livingroom"), pseudonym);
    }

    @Test
    void anotherKeyGivesAnotherPseudonym() {
        assertNotEquals(new DevicePseudonyms(key(1)).of("toy-1"), new DevicePseudonyms(key(2)).of("toy-1"));
    }

    @Test
    void isHmacSha256InBase64Url() {
        // Computed independently: Python's hmac.new(bytes([7]) * 32, b"toy-1", hashlib.sha256), base64url without padding.
        assertEquals("UDecl-hNs1cxZ-nbX0tqaZ2h3P7tiZhop0TNEZbtNn8", new DevicePseudonyms(key(7)).of("toy-1"));
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        assertThrows(IllegalStateException.class, () -> new DevicePseudonyms(new byte[16]));
    }
}

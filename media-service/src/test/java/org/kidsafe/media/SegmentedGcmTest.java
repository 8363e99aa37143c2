package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.media.crypto.SegmentedGcm;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Segmented AES-GCM: round trips of any length, ranges from the covering segments only, tampering detected. */
class SegmentedGcmTest {

    private final SecretKey key = new SecretKeySpec(AesGcm.randomBytes(32), "AES");
    private final UUID item = UUID.randomUUID();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 200_000})
    void roundTripsAnyLength(int length) throws IOException {
        byte[] plain = TestMedia.random(length, length);
        byte[] sealed = seal(plain);

        assertEquals(SegmentedGcm.sealedLength(length), sealed.length);
        assertFalse(length > 16 && TestMedia.contains(sealed, Arrays.copyOf(plain, 16)), "plaintext visible in the ciphertext");
        assertArrayEquals(plain, open(sealed, length, 0, Math.max(0, length - 1)));
    }

    @Test
    void aRangeIsDecryptedFromItsOwnSegments() throws IOException {
        byte[] plain = TestMedia.random(300_000, 1);
        byte[] sealed = seal(plain);
        long first = 140_000;
        long last = 200_123;
        int segment = (int) (first / SegmentedGcm.SEGMENT_BYTES);
        byte[] fromSegment = Arrays.copyOfRange(sealed, (int) SegmentedGcm.sealedOffsetOfSegment(segment), sealed.length);

        try (InputStream range = SegmentedGcm.decryptRange(new ByteArrayInputStream(fromSegment), key, item, plain.length, first, last)) {
            assertArrayEquals(Arrays.copyOfRange(plain, (int) first, (int) last + 1), range.readAllBytes());
        }
    }

    @Test
    void tamperingTruncationAndTheWrongItemAreDetected() throws IOException {
        byte[] plain = TestMedia.random(150_000, 2);
        byte[] sealed = seal(plain);

        byte[] flipped = sealed.clone();
        flipped[70_000] ^= 1;
        assertThrows(IOException.class, () -> open(flipped, plain.length, 0, plain.length - 1));
        byte[] cut = Arrays.copyOf(sealed, (int) SegmentedGcm.sealedOffsetOfSegment(2));
        assertThrows(IOException.class, () -> open(cut, 2L * SegmentedGcm.SEGMENT_BYTES, 0, 2L * SegmentedGcm.SEGMENT_BYTES - 1),
                "dropping the last segments must not pass as a shorter file");
        assertThrows(IOException.class, () -> SegmentedGcm.decryptRange(new ByteArrayInputStream(sealed), key, UUID.randomUUID(),
                plain.length, 0, plain.length - 1).readAllBytes());
    }

    private byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SegmentedGcm.EncryptingOutputStream encrypting = SegmentedGcm.encrypt(out, key, item)) {
            for (int offset = 0; offset < plain.length; offset += 1000) {
                encrypting.write(plain, offset, Math.min(1000, plain.length - offset));
            }
        }
        return out.toByteArray();
    }

    private byte[] open(byte[] sealed, long length, long first, long last) throws IOException {
        try (InputStream in = SegmentedGcm.decryptRange(new ByteArrayInputStream(sealed), key, item, length, first, last)) {
            return in.readAllBytes();
        }
    }
}

package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.media.crypto.SegmentedGcm;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

    /**
     * A blob sealed by the release before issue 22 (which allocated every segment's output) under a fixed key and item
     * id: the stored format is unchanged, so every blob already in a store still opens.
     */
    @Test
    void aBlobSealedByThePreviousReleaseStillOpens() throws IOException {
        byte[] sealed;
        try (InputStream in = SegmentedGcmTest.class.getResourceAsStream("/segmented-gcm/sealed-before-issue-22.bin")) {
            sealed = in.readAllBytes();
        }
        byte[] fixedKey = new byte[32];
        for (int i = 0; i < fixedKey.length; i++) {
            fixedKey[i] = (byte) i;
        }
        byte[] plain = new byte[SegmentedGcm.SEGMENT_BYTES + 100];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31 % 251);
        }

        try (InputStream in = SegmentedGcm.decryptRange(new ByteArrayInputStream(sealed), new SecretKeySpec(fixedKey, "AES"),
                UUID.fromString("00000000-0000-4000-8000-000000000022"), plain.length, 0, plain.length - 1)) {
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    /**
     * The layout, checked with a plain {@link Cipher} rather than the class itself: each segment is nonce, ciphertext
     * and tag under associated data item id, segment index and last-segment flag. Written in one call, so whole
     * segments are sealed straight from the caller's array; a full last segment must still carry the flag.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 65536, 131072, 200_000})
    void eachSegmentIsNonceCiphertextAndTagUnderItsAssociatedData(int length) throws Exception {
        byte[] plain = TestMedia.random(length, length + 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SegmentedGcm.EncryptingOutputStream encrypting = SegmentedGcm.encrypt(out, key, item)) {
            encrypting.write(plain);
        }
        byte[] sealed = out.toByteArray();

        long segments = SegmentedGcm.segmentCount(length);
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        for (int segment = 0; segment < segments; segment++) {
            int start = (int) SegmentedGcm.sealedOffsetOfSegment(segment);
            int end = (int) Math.min(sealed.length, start + SegmentedGcm.SEALED_SEGMENT_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(AesGcm.TAG_BYTES * 8, sealed, start, AesGcm.NONCE_BYTES));
            cipher.updateAAD(ByteBuffer.allocate(25).put(AesGcm.idBytes(item)).putLong(segment)
                    .put((byte) (segment == segments - 1 ? 1 : 0)).array());
            opened.write(cipher.doFinal(sealed, start + AesGcm.NONCE_BYTES, end - start - AesGcm.NONCE_BYTES));
        }
        assertEquals(SegmentedGcm.sealedLength(length), sealed.length);
        assertArrayEquals(plain, opened.toByteArray());
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

package org.kidsafe.sanitising;

import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.testsupport.HostileImages;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 22 item 3: the block scan of the entropy-coded data keeps exactly what the byte-by-byte copy kept, wherever a
 * block boundary falls: between FF and its stuffed 00, inside a restart marker, inside fill bytes, before the end marker.
 */
class JpegSanitizerTest {

    private static final byte[] SOI = bytes(0xff, 0xd8);
    private static final byte[] EXIF = concat(bytes(0xff, 0xe1, 0x00, 0x0b), "Exif\0\0GPS".getBytes(StandardCharsets.ISO_8859_1));
    /** SOF0: 8 bits, height 2, width 3, one component. */
    private static final byte[] FRAME = bytes(0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00);
    private static final byte[] SCAN_HEADER = bytes(0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00);
    /** Data, a stuffed zero, restart markers, fill bytes before a stuffed zero and before a restart marker, and an FF last. */
    private static final byte[] SCAN_IN = bytes(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xff, 0x00, 0x78,
            0xff, 0xff, 0xd7, 0x9a, 0xff, 0x00, 0xff, 0x00, 0xbc, 0xff, 0x00);
    /** The same with every run of fill bytes collapsed to one FF. */
    private static final byte[] SCAN_OUT = bytes(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0x00, 0x78,
            0xff, 0xd7, 0x9a, 0xff, 0x00, 0xff, 0x00, 0xbc, 0xff, 0x00);
    private static final byte[] EOI = bytes(0xff, 0xd9);

    @Test
    void stuffingRestartMarkersAndFillBytesSurviveEveryBlockBoundary() throws IOException {
        // Fill bytes before the end marker too: FF FF D9 ends the scan like FF D9.
        byte[] in = concat(SOI, EXIF, FRAME, SCAN_HEADER, SCAN_IN, bytes(0xff, 0xff), EOI, bytes(0x01, 0x02));
        byte[] expected = concat(SOI, FRAME, SCAN_HEADER, SCAN_OUT, EOI);

        for (int block = 1; block <= in.length + 1; block++) {
            assertArrayEquals(expected, sanitize(in, block), "block of " + block + " bytes");
        }
    }

    @Test
    void aScanEndingInATableStartsTheNextSegment() throws IOException {
        byte[] table = bytes(0xff, 0xdd, 0x00, 0x04, 0x00, 0x10); // DRI between two scans
        byte[] in = concat(SOI, FRAME, SCAN_HEADER, SCAN_IN, table, SCAN_HEADER, bytes(0x11, 0xff, 0xd1, 0x22), EOI);
        byte[] expected = concat(SOI, FRAME, SCAN_HEADER, SCAN_OUT, table, SCAN_HEADER, bytes(0x11, 0xff, 0xd1, 0x22), EOI);

        for (int block = 1; block <= in.length + 1; block++) {
            assertArrayEquals(expected, sanitize(in, block), "block of " + block + " bytes");
        }
    }

    @Test
    void aScanCutOffAnywhereIsRefusedAsTruncated() {
        byte[] in = concat(SOI, FRAME, SCAN_HEADER, SCAN_IN, EOI);
        for (int cut = SOI.length + FRAME.length + SCAN_HEADER.length; cut < in.length; cut++) {
            byte[] truncated = Arrays.copyOf(in, cut);
            for (int block : new int[] {1, 3, 64 * 1024}) {
                ProblemException refused = assertThrows(ProblemException.class, () -> sanitize(truncated, block), "cut at " + cut);
                assertEquals(422, refused.status());
            }
        }
    }

    @Test
    void aRealPhotoComesOutTheSameWithAnyBlockAndWithoutItsExif() throws IOException {
        byte[] photo = HostileImages.jpegWithGps(HostileImages.noise(96, 64, 22));
        byte[] cleaned = sanitize(photo, BlockInput.BLOCK_BYTES);

        for (int block : new int[] {1, 2, 7, 255, 4096}) {
            assertArrayEquals(cleaned, sanitize(photo, block), "block of " + block + " bytes");
        }
        assertFalse(HostileImages.contains(cleaned, HostileImages.GPS_LATITUDE));
        assertNotNull(ImageIO.read(new ByteArrayInputStream(cleaned)), "still a picture");
    }

    private static byte[] sanitize(byte[] jpeg, int block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JpegSanitizer(1_000_000, block).copy(new ByteArrayInputStream(jpeg), out);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

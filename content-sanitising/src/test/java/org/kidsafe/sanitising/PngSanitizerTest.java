package org.kidsafe.sanitising;

import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.testsupport.HostileImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 22 item 3: chunks copied and checked from the block buffer come out the same wherever a block boundary falls. */
class PngSanitizerTest {

    private static final int SIGNATURE_AND_IHDR = 8 + 25;

    @Test
    void theSamePictureWithoutItsTextWhateverTheBlockSize() throws IOException {
        byte[] png = withTextChunk(plainPng());
        byte[] cleaned = sanitize(png, BlockInput.BLOCK_BYTES);

        for (int block : new int[] {1, 2, 3, 5, 8, 13, 4096}) {
            assertArrayEquals(cleaned, sanitize(png, block), "block of " + block + " bytes");
        }
        assertFalse(HostileImages.contains(cleaned, HostileImages.SECRET.getBytes(StandardCharsets.ISO_8859_1)));
        assertArrayEquals(plainPng(), cleaned, "exactly the PNG without the text chunk");
        assertEquals(48, ImageIO.read(new ByteArrayInputStream(cleaned)).getWidth());
    }

    @Test
    void aCorruptOrTruncatedChunkIsRefusedWhateverTheBlockSize() throws IOException {
        byte[] png = plainPng();
        byte[] corrupt = png.clone();
        corrupt[SIGNATURE_AND_IHDR + 10] ^= 1; // inside the first IDAT
        byte[] truncated = java.util.Arrays.copyOf(png, png.length - 3);

        for (int block : new int[] {1, 7, BlockInput.BLOCK_BYTES}) {
            assertEquals(422, assertThrows(ProblemException.class, () -> sanitize(corrupt, block)).status());
            assertEquals(422, assertThrows(ProblemException.class, () -> sanitize(truncated, block)).status());
        }
    }

    private static byte[] plainPng() throws IOException {
        BufferedImage image = HostileImages.noise(48, 32, 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The PNG with a tEXt chunk carrying the secret right after IHDR. */
    private static byte[] withTextChunk(byte[] png) {
        byte[] text = ("Comment\0" + HostileImages.SECRET).getBytes(StandardCharsets.ISO_8859_1);
        byte[] type = "tEXt".getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(text);
        return ByteBuffer.allocate(png.length + 12 + text.length)
                .put(png, 0, SIGNATURE_AND_IHDR)
                .putInt(text.length).put(type).put(text).putInt((int) crc.getValue())
                .put(png, SIGNATURE_AND_IHDR, png.length - SIGNATURE_AND_IHDR)
                .array();
    }

    private static byte[] sanitize(byte[] png, int block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PngSanitizer(1_000_000, block).copy(new ByteArrayInputStream(png), out);
        return out.toByteArray();
    }
}

package org.kidsafe.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes PNG chunks by hand, so tests can build the images a sanitiser must cope with (metadata it must
 * strip, a declared size it must refuse) independently of the code under test.
 */
public final class PngChunks {

    private PngChunks() {
    }

    /** Appends one chunk: length, type, data and the CRC-32 of type and data. */
    public static void write(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

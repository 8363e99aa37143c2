package org.kidsafe.sanitising;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Rewrites a PNG chunk by chunk, keeping the critical chunks (IHDR, PLTE, IDAT, IEND) and the few
 * ancillary ones that change how pixels look (tRNS, gAMA, cHRM, sRGB). Text (tEXt, zTXt, iTXt),
 * eXIf, tIME, ICC profiles and every other chunk are dropped. Every chunk's CRC is checked. Chunk data is copied
 * and checked straight from one block buffer ({@link BlockInput}, issue 22 item 3), not through the caller's
 * synchronised stream and a fresh buffer per chunk.
 */
public final class PngSanitizer implements ContentFilter {

    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB");
    private static final int SIGNATURE_BYTES = 8;
    private static final int IHDR_BYTES = 13;

    private final long maxPixels;
    private final int blockBytes;

    public PngSanitizer(long maxPixels) {
        this(maxPixels, BlockInput.BLOCK_BYTES);
    }

    /** A small block puts chunk headers and CRCs across block boundaries in tests. */
    PngSanitizer(long maxPixels, int blockBytes) {
        this.maxPixels = maxPixels;
        this.blockBytes = blockBytes;
    }

    @Override
    public void copy(InputStream upload, OutputStream out) throws IOException {
        BlockInput in = new BlockInput(upload, blockBytes);
        out.write(in.readExactly(SIGNATURE_BYTES));
        boolean first = true;
        while (true) {
            long length = in.readUnsignedIntBigEndian();
            byte[] typeBytes = in.readExactly(4);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || !type.chars().allMatch(Character::isLetter)) {
                throw SanitisingProblems.corrupt("Invalid PNG chunk.");
            }
            if (first != type.equals("IHDR")) {
                throw SanitisingProblems.corrupt("A PNG must start with exactly one IHDR chunk.");
            }
            CRC32 crc = new CRC32();
            crc.update(typeBytes);
            if (type.equals("IHDR")) {
                byte[] header = in.readExactly((int) length);
                checkHeader(header);
                crc.update(header);
                checkCrc(in, crc);
                writeChunk(out, typeBytes, header, crc);
            } else if (KEPT.contains(type)) {
                writeLength(out, length);
                out.write(typeBytes);
                in.copyExactly(out, length, crc::update);
                checkCrc(in, crc);
                writeCrc(out, crc);
            } else if (Character.isUpperCase(type.charAt(0))) {
                throw SanitisingProblems.corrupt("The PNG has an unsupported critical chunk.");
            } else {
                in.copyExactly(OutputStream.nullOutputStream(), length, crc::update);
                checkCrc(in, crc);
            }
            if (type.equals("IEND")) {
                return;
            }
            first = false;
        }
    }

    private void checkHeader(byte[] header) {
        if (header.length != IHDR_BYTES) {
            throw SanitisingProblems.corrupt("Invalid PNG header.");
        }
        long width = readInt(header, 0);
        long height = readInt(header, 4);
        if (width == 0 || height == 0) {
            throw SanitisingProblems.corrupt("The PNG declares no pixels.");
        }
        if (width > maxPixels || height > maxPixels || width * height > maxPixels) {
            throw SanitisingProblems.tooManyPixels(maxPixels);
        }
    }

    private static long readInt(byte[] bytes, int offset) {
        return ((long) (bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    private static void checkCrc(BlockInput in, CRC32 crc) throws IOException {
        if (in.readUnsignedIntBigEndian() != crc.getValue()) {
            throw SanitisingProblems.corrupt("A PNG chunk is corrupt (CRC mismatch).");
        }
    }

    private static void writeChunk(OutputStream out, byte[] type, byte[] data, CRC32 crc) throws IOException {
        writeLength(out, data.length);
        out.write(type);
        out.write(data);
        writeCrc(out, crc);
    }

    private static void writeLength(OutputStream out, long value) throws IOException {
        out.write((int) (value >>> 24) & 0xff);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) value & 0xff);
    }

    private static void writeCrc(OutputStream out, CRC32 crc) throws IOException {
        writeLength(out, crc.getValue());
    }
}

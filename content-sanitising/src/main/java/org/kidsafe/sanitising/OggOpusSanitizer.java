package org.kidsafe.sanitising;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.kidsafe.sanitising.StreamReads.readExactly;

/**
 * Checks an Ogg/Opus stream page by page (capture pattern, version, CRC, an OpusHead first, an
 * end-of-stream page last) and replaces the OpusTags comment packet (title, artist, location...)
 * with an empty one. Anything after the end-of-stream page is dropped.
 * <p>
 * Only one logical stream is accepted: a page of another stream (another serial number, or a second
 * beginning-of-stream page) is refused, since only this stream's comment packet is rewritten and a multiplexed
 * second stream would keep its own tags (issue 18 item 7).
 */
public final class OggOpusSanitizer implements ContentFilter {

    private static final int HEADER_BYTES = 27;
    private static final int SERIAL_OFFSET = 14;
    private static final int CRC_OFFSET = 22;
    private static final int BEGINNING_OF_STREAM = 0x02;
    private static final int END_OF_STREAM = 0x04;
    private static final int CONTINUED = 0x01;
    private static final byte[] EMPTY_TAGS = emptyTags();

    @Override
    public void copy(InputStream in, OutputStream out) throws IOException {
        int serial = 0;
        for (int pageIndex = 0; ; pageIndex++) {
            byte[] header = readExactly(in, HEADER_BYTES);
            if (!new String(header, 0, 4, StandardCharsets.ISO_8859_1).equals("OggS") || header[4] != 0) {
                throw SanitisingProblems.corrupt("Invalid Ogg page.");
            }
            byte[] lacing = readExactly(in, header[26] & 0xff);
            int bodyLength = 0;
            for (byte value : lacing) {
                bodyLength += value & 0xff;
            }
            byte[] body = readExactly(in, bodyLength);
            checkCrc(header, lacing, body);
            int flags = header[5] & 0xff;
            if (pageIndex == 0 && ((flags & BEGINNING_OF_STREAM) == 0 || !startsWith(body, "OpusHead"))) {
                throw SanitisingProblems.corrupt("Not an Opus stream.");
            }
            if (pageIndex == 0) {
                serial = littleEndianInt(header, SERIAL_OFFSET);
            } else if (littleEndianInt(header, SERIAL_OFFSET) != serial || (flags & BEGINNING_OF_STREAM) != 0) {
                throw SanitisingProblems.corrupt("Only one Ogg logical stream is accepted; this file multiplexes or chains several.");
            }
            if (pageIndex == 1) {
                writeEmptyTagsPage(out, header, lacing, body);
            } else {
                writePage(out, header, lacing, body);
            }
            if ((flags & END_OF_STREAM) != 0) {
                return;
            }
        }
    }

    private static void writeEmptyTagsPage(OutputStream out, byte[] header, byte[] lacing, byte[] body) throws IOException {
        boolean wholePacket = lacing.length > 0 && (lacing[lacing.length - 1] & 0xff) < 255;
        if (!startsWith(body, "OpusTags") || !wholePacket || (header[5] & CONTINUED) != 0) {
            throw SanitisingProblems.corrupt("The Opus comment header must be one packet on the second page.");
        }
        for (int i = 0; i < lacing.length - 1; i++) {
            if ((lacing[i] & 0xff) < 255) {
                throw SanitisingProblems.corrupt("The Opus comment header must be one packet on the second page.");
            }
        }
        writePage(out, header, new byte[]{(byte) EMPTY_TAGS.length}, EMPTY_TAGS);
    }

    private static void writePage(OutputStream out, byte[] header, byte[] lacing, byte[] body) throws IOException {
        byte[] pageHeader = Arrays.copyOf(header, HEADER_BYTES);
        pageHeader[26] = (byte) lacing.length;
        Arrays.fill(pageHeader, CRC_OFFSET, CRC_OFFSET + 4, (byte) 0);
        int crc = OggCrc.update(OggCrc.update(OggCrc.update(0, pageHeader, 0, HEADER_BYTES), lacing, 0, lacing.length), body, 0, body.length);
        putLittleEndian(pageHeader, CRC_OFFSET, crc);
        out.write(pageHeader);
        out.write(lacing);
        out.write(body);
    }

    private static void checkCrc(byte[] header, byte[] lacing, byte[] body) {
        int stored = littleEndianInt(header, CRC_OFFSET);
        byte[] zeroed = header.clone();
        Arrays.fill(zeroed, CRC_OFFSET, CRC_OFFSET + 4, (byte) 0);
        int computed = OggCrc.update(OggCrc.update(OggCrc.update(0, zeroed, 0, HEADER_BYTES), lacing, 0, lacing.length), body, 0, body.length);
        if (stored != computed) {
            throw SanitisingProblems.corrupt("An Ogg page is corrupt (CRC mismatch).");
        }
    }

    private static boolean startsWith(byte[] body, String magic) {
        return body.length >= magic.length() && new String(body, 0, magic.length(), StandardCharsets.ISO_8859_1).equals(magic);
    }

    private static int littleEndianInt(byte[] source, int offset) {
        return (source[offset] & 0xff) | ((source[offset + 1] & 0xff) << 8) | ((source[offset + 2] & 0xff) << 16)
                | ((source[offset + 3] & 0xff) << 24);
    }

    static void putLittleEndian(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }

    /** "OpusTags", an empty vendor string and no comments. */
    private static byte[] emptyTags() {
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        tags.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
        tags.writeBytes(new byte[8]);
        return tags.toByteArray();
    }
}

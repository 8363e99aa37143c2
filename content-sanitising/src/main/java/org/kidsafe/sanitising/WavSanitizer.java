package org.kidsafe.sanitising;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.kidsafe.sanitising.StreamReads.readExactly;
import static org.kidsafe.sanitising.StreamReads.readUnsignedIntLittleEndian;
import static org.kidsafe.sanitising.StreamReads.skipExactly;

/**
 * Rewrites a RIFF/WAVE file as just its {@code fmt } and {@code data} chunks: LIST/INFO (title,
 * artist, comments), iXML, bext and every other chunk are dropped, and so is anything after the audio.
 */
public final class WavSanitizer implements ContentFilter {

    private static final int MIN_FORMAT_BYTES = 16;
    private static final int MAX_FORMAT_BYTES = 64;

    @Override
    public void copy(InputStream in, OutputStream out) throws IOException {
        if (!ascii(readExactly(in, 4)).equals("RIFF")) {
            throw SanitisingProblems.corrupt("Not a RIFF file.");
        }
        readUnsignedIntLittleEndian(in);
        if (!ascii(readExactly(in, 4)).equals("WAVE")) {
            throw SanitisingProblems.corrupt("Not a WAVE file.");
        }
        byte[] format = null;
        while (true) {
            String id = ascii(readExactly(in, 4));
            long size = readUnsignedIntLittleEndian(in);
            if (id.equals("fmt ")) {
                if (size < MIN_FORMAT_BYTES || size > MAX_FORMAT_BYTES) {
                    throw SanitisingProblems.corrupt("Invalid WAVE format chunk.");
                }
                format = readExactly(in, (int) size);
                skipPadding(in, size);
                checkFormat(format);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw SanitisingProblems.corrupt("WAVE audio before its format chunk.");
                }
                if (size == 0xffffffffL) {
                    throw SanitisingProblems.corrupt("WAVE data of unknown length.");
                }
                writeHeader(out, format, size);
                StreamReads.copyExactly(in, out, size, StreamReads.ByteObserver.NONE);
                if (size % 2 == 1) {
                    out.write(0);
                }
                return;
            } else {
                skipExactly(in, size + size % 2);
            }
        }
    }

    private static void checkFormat(byte[] format) {
        int channels = (format[2] & 0xff) | ((format[3] & 0xff) << 8);
        long sampleRate = (format[4] & 0xff) | ((format[5] & 0xff) << 8) | ((format[6] & 0xff) << 16) | ((long) (format[7] & 0xff) << 24);
        if (channels == 0 || sampleRate == 0) {
            throw SanitisingProblems.corrupt("Invalid WAVE format.");
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        if (size % 2 == 1) {
            skipExactly(in, 1);
        }
    }

    private static void writeHeader(OutputStream out, byte[] format, long dataSize) throws IOException {
        long formatChunk = 8 + format.length + format.length % 2;
        long dataChunk = 8 + dataSize + dataSize % 2;
        out.write("RIFF".getBytes(StandardCharsets.US_ASCII));
        writeLittleEndian(out, 4 + formatChunk + dataChunk);
        out.write("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
        writeLittleEndian(out, format.length);
        out.write(format);
        if (format.length % 2 == 1) {
            out.write(0);
        }
        out.write("data".getBytes(StandardCharsets.US_ASCII));
        writeLittleEndian(out, dataSize);
    }

    private static void writeLittleEndian(OutputStream out, long value) throws IOException {
        out.write((int) value & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 24) & 0xff);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

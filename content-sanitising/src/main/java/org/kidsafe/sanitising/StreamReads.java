package org.kidsafe.sanitising;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Exact reads that turn a premature end of stream into a 422 "truncated" refusal. */
final class StreamReads {

    private static final int COPY_BUFFER = 8192;

    private StreamReads() {
    }

    static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        return b;
    }

    static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw truncated();
        }
        return bytes;
    }

    static long readUnsignedIntLittleEndian(InputStream in) throws IOException {
        return readByte(in) | (readByte(in) << 8) | (readByte(in) << 16) | ((long) readByte(in) << 24);
    }

    static void skipExactly(InputStream in, long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                readByte(in);
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    /** Copies exactly {@code length} bytes, feeding them to {@code observer} too (e.g. a CRC), or refuses a truncated input. */
    static void copyExactly(InputStream in, OutputStream out, long length, ByteObserver observer) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long remaining = length;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw truncated();
            }
            observer.update(buffer, 0, read);
            out.write(buffer, 0, read);
            remaining -= read;
        }
    }

    static RuntimeException truncated() {
        return SanitisingProblems.corrupt("The file is truncated.");
    }

    @FunctionalInterface
    interface ByteObserver {
        ByteObserver NONE = (bytes, offset, length) -> {
        };

        void update(byte[] bytes, int offset, int length);
    }
}

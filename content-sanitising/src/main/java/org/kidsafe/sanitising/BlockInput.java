package org.kidsafe.sanitising;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An upload read in blocks into one buffer of the filter's own, so that a filter scans bytes in an array and writes
 * runs of them in bulk. Reading byte by byte through the caller's stream went through a lock per byte
 * ({@code BufferedInputStream} is synchronised) and kept JPEG at 15-20 MB/s (issue 22 item 3). Not thread-safe: one
 * filter call owns it. It may read up to one block beyond what the filter consumes; the filters read to the end of
 * what they keep and drop the rest, so nothing after it is lost. A premature end is a 422 "truncated" refusal.
 */
final class BlockInput {

    static final int BLOCK_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    BlockInput(InputStream in) {
        this(in, BLOCK_BYTES);
    }

    /** A smaller block lets tests put a marker or a chunk header across a block boundary. */
    BlockInput(InputStream in, int blockBytes) {
        this.in = in;
        this.buffer = new byte[blockBytes];
    }

    /** The buffer, valid from {@link #position()} to {@link #limit()}: for scanning in place. */
    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    /** Consumes buffered bytes up to {@code newPosition} (at most {@link #limit()}). */
    void consumeTo(int newPosition) {
        position = newPosition;
    }

    /** Makes sure at least one byte is buffered, reading the next block when none is. */
    void requireBuffered() throws IOException {
        if (position == limit) {
            fill();
        }
    }

    int readByte() throws IOException {
        requireBuffered();
        return buffer[position++] & 0xff;
    }

    int readUnsignedShortBigEndian() throws IOException {
        return (readByte() << 8) | readByte();
    }

    long readUnsignedIntBigEndian() throws IOException {
        return ((long) readUnsignedShortBigEndian() << 16) | readUnsignedShortBigEndian();
    }

    byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            requireBuffered();
            int chunk = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, bytes, copied, chunk);
            position += chunk;
            copied += chunk;
        }
        return bytes;
    }

    void skipExactly(long length) throws IOException {
        copyExactly(OutputStream.nullOutputStream(), length, StreamReads.ByteObserver.NONE);
    }

    /** Copies exactly {@code length} bytes in runs straight from the buffer, feeding them to {@code observer} too (a CRC). */
    void copyExactly(OutputStream out, long length, StreamReads.ByteObserver observer) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            requireBuffered();
            int chunk = (int) Math.min(remaining, limit - position);
            observer.update(buffer, position, chunk);
            out.write(buffer, position, chunk);
            position += chunk;
            remaining -= chunk;
        }
    }

    private void fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        while (read == 0) {
            read = in.read(buffer, 0, buffer.length);
        }
        if (read < 0) {
            throw StreamReads.truncated();
        }
        position = 0;
        limit = read;
    }
}

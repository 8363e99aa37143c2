package org.kidsafe.gateway.review;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A ZIP archive written piece by piece: every call answers the archive bytes that call produced, for the caller to send
 * on before it reads more, so neither an entry nor the archive is ever whole in memory (issue 19 item 7). Entries are
 * deflated with a data descriptor (their CRC and sizes follow their data), so an entry starts before its size is known;
 * ZIP64 records are added by {@link ZipOutputStream} where an entry or the archive needs them.
 *
 * <p>Not thread-safe: one archive's calls come one after the other.
 */
final class ZipStream {

    private final Pending pending = new Pending();
    private final ZipOutputStream zip = new ZipOutputStream(pending, StandardCharsets.UTF_8);

    /** A whole small entry (the export document, the list of what is missing). */
    Buffer whole(String name, byte[] content, int level) {
        return begin(name, level).appendBuffer(write(content)).appendBuffer(end());
    }

    /** Starts an entry compressed at {@code level} ({@link java.util.zip.Deflater} levels). */
    Buffer begin(String name, int level) {
        try {
            zip.setLevel(level);
            zip.putNextEntry(new ZipEntry(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending.take();
    }

    Buffer write(Buffer chunk) {
        return write(chunk.getBytes());
    }

    Buffer end() {
        try {
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending.take();
    }

    /** The central directory: only a finished archive lists its entries, so one that broke off never looks complete. */
    Buffer finish() {
        try {
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending.take();
    }

    private Buffer write(byte[] bytes) {
        try {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending.take();
    }

    /** What the archive wrote since it was last taken. */
    private static final class Pending extends OutputStream {

        private Buffer written = Buffer.buffer();

        @Override
        public void write(int b) {
            written.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            written.appendBytes(bytes, offset, length);
        }

        Buffer take() {
            Buffer taken = written;
            written = Buffer.buffer();
            return taken;
        }
    }
}

package org.kidsafe.media.item;

import org.kidsafe.media.sanitize.MediaProblems;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses (413) a body that turns out longer than allowed, whatever its declared length. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int count = super.read(bytes, offset, length);
        if (count > 0) {
            count(count);
        }
        return count;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long bytes) {
        read += bytes;
        if (read > limit) {
            throw MediaProblems.tooLarge(limit);
        }
    }
}

package org.kidsafe.media.crypto;

import org.kidsafe.crypto.kek.AesGcm;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Streaming AES-256-GCM in 64 KiB segments. Each segment is sealed on its own (fresh nonce, own
 * tag) with the item id, the segment index and a last-segment flag as associated data, so segments
 * cannot be swapped, reordered or cut off, and a byte range is decrypted from just the segments
 * that cover it. Layout: segment i at {@code i * (SEGMENT_BYTES + AesGcm.OVERHEAD)}.
 */
public final class SegmentedGcm {

    public static final int SEGMENT_BYTES = 64 * 1024;
    public static final int SEALED_SEGMENT_BYTES = SEGMENT_BYTES + AesGcm.OVERHEAD;

    private SegmentedGcm() {
    }

    /** Segments of a plaintext of this length; an empty plaintext still has one (empty, authenticated) segment. */
    public static long segmentCount(long plaintextLength) {
        return Math.max(1, (plaintextLength + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
    }

    public static long sealedLength(long plaintextLength) {
        return plaintextLength + segmentCount(plaintextLength) * AesGcm.OVERHEAD;
    }

    public static long sealedOffsetOfSegment(long segment) {
        return segment * SEALED_SEGMENT_BYTES;
    }

    /** Encrypts everything written to it into {@code sink}; {@link EncryptingOutputStream#close()} seals the last segment. */
    public static EncryptingOutputStream encrypt(OutputStream sink, SecretKey key, UUID itemId) {
        return new EncryptingOutputStream(sink, key, itemId);
    }

    /**
     * Decrypts plaintext bytes {@code [first, last]} (inclusive) from {@code sealed}, which must be
     * positioned at the start of the segment holding {@code first}.
     */
    public static InputStream decryptRange(InputStream sealed, SecretKey key, UUID itemId, long plaintextLength, long first, long last) {
        return new DecryptingInputStream(sealed, key, itemId, plaintextLength, first, last);
    }

    static byte[] aad(UUID itemId, long segment, boolean lastSegment) {
        return ByteBuffer.allocate(25).put(AesGcm.idBytes(itemId)).putLong(segment).put((byte) (lastSegment ? 1 : 0)).array();
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Holds at most one plaintext segment in memory, whatever the size of the upload. Each segment is sealed into one
     * buffer reused for the whole stream (nonce, then ciphertext and tag: the same layout as before), and a whole
     * segment that is not the last is sealed straight from the caller's array: no copy and no allocation per segment
     * (issue 22 item 3, {@code doFinal} into a reused buffer).
     */
    public static final class EncryptingOutputStream extends OutputStream {

        private final OutputStream sink;
        private final SecretKey key;
        private final UUID itemId;
        private final Cipher cipher = cipher();
        private final byte[] segment = new byte[SEGMENT_BYTES];
        private final byte[] sealed = new byte[SEALED_SEGMENT_BYTES];
        private int filled;
        private long index;
        private long plaintextLength;
        private boolean closed;

        private EncryptingOutputStream(OutputStream sink, SecretKey key, UUID itemId) {
            this.sink = sink;
            this.key = key;
            this.itemId = itemId;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == SEGMENT_BYTES) {
                sealBuffered(false);
            }
            segment[filled++] = (byte) b;
            plaintextLength++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == SEGMENT_BYTES) {
                    sealBuffered(false);
                }
                if (filled == 0 && length > SEGMENT_BYTES) {
                    // A whole segment with more bytes after it in this very call: it cannot be the last one.
                    seal(bytes, offset, SEGMENT_BYTES, false);
                    offset += SEGMENT_BYTES;
                    length -= SEGMENT_BYTES;
                    plaintextLength += SEGMENT_BYTES;
                    continue;
                }
                int chunk = Math.min(length, SEGMENT_BYTES - filled);
                System.arraycopy(bytes, offset, segment, filled, chunk);
                filled += chunk;
                offset += chunk;
                length -= chunk;
                plaintextLength += chunk;
            }
        }

        /** Plaintext bytes written so far. */
        public long plaintextLength() {
            return plaintextLength;
        }

        /** Seals the last segment; the sink stays open for its owner to close. */
        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                sealBuffered(true);
                sink.flush();
            }
        }

        private void sealBuffered(boolean lastSegment) throws IOException {
            seal(segment, 0, filled, lastSegment);
            filled = 0;
        }

        private void seal(byte[] plaintext, int offset, int length, boolean lastSegment) throws IOException {
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(AesGcm.TAG_BYTES * 8, nonce));
                cipher.updateAAD(aad(itemId, index, lastSegment));
                System.arraycopy(nonce, 0, sealed, 0, AesGcm.NONCE_BYTES);
                int sealedBytes = cipher.doFinal(plaintext, offset, length, sealed, AesGcm.NONCE_BYTES);
                sink.write(sealed, 0, AesGcm.NONCE_BYTES + sealedBytes);
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM encryption failed", e);
            }
            index++;
        }
    }

    /** Opens each segment from one reused buffer into another (issue 22 item 3): no allocation per segment. */
    private static final class DecryptingInputStream extends InputStream {

        private final InputStream sealed;
        private final SecretKey key;
        private final UUID itemId;
        private final long plaintextLength;
        private final long lastSegment;
        private final Cipher cipher = cipher();
        private final byte[] sealedSegment = new byte[SEALED_SEGMENT_BYTES];
        private final byte[] plain = new byte[SEGMENT_BYTES];
        private long nextSegment;
        private boolean opened;
        private int plainBytes;
        private int position;
        private long remaining;

        DecryptingInputStream(InputStream sealed, SecretKey key, UUID itemId, long plaintextLength, long first, long last) {
            this.sealed = sealed;
            this.key = key;
            this.itemId = itemId;
            this.plaintextLength = plaintextLength;
            this.lastSegment = segmentCount(plaintextLength) - 1;
            this.nextSegment = first / SEGMENT_BYTES;
            this.remaining = plaintextLength == 0 ? 0 : last - first + 1;
            this.position = (int) (first % SEGMENT_BYTES);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            if (!opened || position >= plainBytes) {
                int skip = opened ? 0 : position;
                plainBytes = openSegment();
                opened = true;
                position = skip;
            }
            int chunk = (int) Math.min(Math.min(length, plainBytes - position), remaining);
            System.arraycopy(plain, position, target, offset, chunk);
            position += chunk;
            remaining -= chunk;
            return chunk;
        }

        /** Opens the next segment into {@link #plain}; returns its plaintext length. */
        private int openSegment() throws IOException {
            long segment = nextSegment++;
            int sealedBytes = (int) Math.min(SEGMENT_BYTES, plaintextLength - segment * SEGMENT_BYTES) + AesGcm.OVERHEAD;
            if (sealed.readNBytes(sealedSegment, 0, sealedBytes) < sealedBytes) {
                throw new EOFException("Encrypted blob is shorter than its recorded size");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(AesGcm.TAG_BYTES * 8, sealedSegment, 0, AesGcm.NONCE_BYTES));
                cipher.updateAAD(aad(itemId, segment, segment == lastSegment));
                return cipher.doFinal(sealedSegment, AesGcm.NONCE_BYTES, sealedBytes - AesGcm.NONCE_BYTES, plain, 0);
            } catch (GeneralSecurityException e) {
                throw new IOException("Encrypted segment " + segment + " failed authentication", e);
            }
        }

        @Override
        public void close() throws IOException {
            sealed.close();
        }
    }
}

package org.kidsafe.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where encrypted media bytes live, under keys {@code <childId>/<category>/<itemId>}: one prefix per
 * child, so erasing a child is deleting one prefix and checking it is empty. Everything stored is
 * already ciphertext.
 * <p>
 * Implementations: {@link FileSystemBlobStore} (default) and {@link S3BlobStore} (any S3-compatible
 * server), chosen by {@code kidsafe.media.store.type} in {@link BlobStores}.
 */
public interface BlobStore {

    /**
     * Writes a new blob; it becomes visible only if {@code writer} completes, otherwise nothing is left behind. A store
     * whose prefix deletion can take a blob still being written throws {@link ErasedWhileWritten} for it.
     */
    void write(String key, BlobWriter writer) throws IOException;

    /** Opens a blob positioned at {@code offset}; a missing blob is {@link java.nio.file.NoSuchFileException}. */
    InputStream open(String key, long offset) throws IOException;

    /** Deletes one blob; deleting a missing blob is not an error. */
    void delete(String key) throws IOException;

    /** Deletes every blob under a prefix and returns how many there were. */
    long deletePrefix(String prefix) throws IOException;

    /** Counts the blobs under a prefix (0 after a complete erasure). */
    long count(String prefix) throws IOException;

    @FunctionalInterface
    interface BlobWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}

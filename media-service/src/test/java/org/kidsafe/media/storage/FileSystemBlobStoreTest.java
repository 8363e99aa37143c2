package org.kidsafe.media.storage;

import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Uploads racing an erasure's prefix deletion in the file store: the revocation benchmark met one as a 500 (an upload's
 * folder deleted between {@code createDirectories}' two steps). Plain JUnit on a temporary folder.
 */
class FileSystemBlobStoreTest {

    @TempDir
    Path folder;

    @Test
    void aBlobWhosePrefixIsErasedWhileItIsWrittenIsReportedAsSuchAndLeavesNothing() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(folder);
        UUID child = UUID.randomUUID();
        String key = BlobKeys.item(child, DataCategory.VOICE, UUID.randomUUID());

        assertThrows(ErasedWhileWritten.class, () -> store.write(key, out -> {
            out.write("first half".getBytes(StandardCharsets.UTF_8));
            out.flush();
            store.deletePrefix(BlobKeys.child(child));
            out.write("second half".getBytes(StandardCharsets.UTF_8));
        }));
        assertEquals(0, store.count(BlobKeys.child(child)));
    }

    @Test
    void writesRacingPrefixDeletionsNeverFailOtherwise() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(folder);
        UUID child = UUID.randomUUID();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Exception> eraserFailed = new AtomicReference<>();
        Thread eraser = new Thread(() -> {
            while (writing.get()) {
                try {
                    store.deletePrefix(BlobKeys.child(child));
                } catch (Exception e) {
                    eraserFailed.set(e);
                }
            }
        });
        eraser.start();
        try {
            for (int i = 0; i < 3_000; i++) {
                String key = BlobKeys.item(child, DataCategory.VOICE, UUID.randomUUID());
                try {
                    store.write(key, out -> out.write(1));
                } catch (ErasedWhileWritten expected) {
                    // The erasure took it: what MediaService answers as a 409, never a 500.
                }
            }
        } finally {
            writing.set(false);
            eraser.join();
        }
        assertNull(eraserFailed.get());
    }
}

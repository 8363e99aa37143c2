package org.kidsafe.media.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Benchmark-only access to media-service's real file-system blob store, whose constructor is
 * package-private (the service makes it from its configuration). Lives in the bench module only.
 */
public final class BenchBlobStores {

    private BenchBlobStores() {
    }

    public static BlobStore fileSystem(Path directory) throws IOException {
        return new FileSystemBlobStore(directory);
    }
}

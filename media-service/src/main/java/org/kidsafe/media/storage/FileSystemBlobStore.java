package org.kidsafe.media.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Blobs as files under {@code kidsafe.media.store.directory}, one folder per child (made by {@link BlobStores}). */
public class FileSystemBlobStore implements BlobStore {

    private static final String PARTIAL = ".part";

    private final Path root;

    /**
     * A store rooted at {@code directory} (created if missing). Public because the store is usable on its own:
     * the service makes it from its settings through {@link BlobStores}, the bench measures it directly.
     */
    public FileSystemBlobStore(Path directory) throws IOException {
        this.root = Files.createDirectories(directory.toAbsolutePath().normalize());
    }

    @Override
    public void write(String key, BlobWriter writer) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + PARTIAL);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024)) {
                writer.writeTo(out);
            }
            moveIntoPlace(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(resolve(key));
        try {
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public long deletePrefix(String prefix) throws IOException {
        Path folder = resolve(prefix);
        if (!Files.exists(folder)) {
            return 0;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        long files = 0;
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files++;
            }
            try {
                Files.deleteIfExists(path);
            } catch (DirectoryNotEmptyException e) {
                // A concurrent write landed meanwhile; the caller's re-check will see it.
            }
        }
        return files;
    }

    @Override
    public long count(String prefix) throws IOException {
        Path folder = resolve(prefix);
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private Path resolve(String key) {
        return root.resolve(BlobKeys.requireValid(key));
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package org.kidsafe.e2e;

import org.kidsafe.infrastructure.platform.Platform;
import org.kidsafe.infrastructure.platform.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The one real platform all end-to-end tests share: started on free ports, fresh data, stopped at JVM exit. */
final class RunningPlatform {

    private static Platform platform;

    private RunningPlatform() {
    }

    static synchronized Platform get() {
        if (platform == null) {
            Path root = Path.of(System.getProperty("kidsafe.root", "..")).toAbsolutePath().normalize();
            Path data = Path.of(System.getProperty("kidsafe.e2e.data", "target/platform"));
            deleteRecursively(data);
            platform = new Platform(root, data, Ports.free(), false).start();
        }
        return platform;
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.kidsafe.e2e;

import org.kidsafe.embedded.Directories;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.Ports;

import java.nio.file.Path;

/** The one real platform all end-to-end tests share: started on free ports, fresh data, stopped at JVM exit. */
final class RunningPlatform {

    private static Platform platform;

    private RunningPlatform() {
    }

    static synchronized Platform get() {
        if (platform == null) {
            Path root = Path.of(System.getProperty("kidsafe.root", "..")).toAbsolutePath().normalize();
            Path data = Path.of(System.getProperty("kidsafe.e2e.data", "target/platform"));
            Directories.deleteRecursively(data);
            platform = new Platform(root, data, Ports.free(), false).start();
        }
        return platform;
    }
}

package org.kidsafe.e2e;

import org.kidsafe.embedded.Directories;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.Ports;

import java.nio.file.Path;

/**
 * The one real platform all end-to-end tests share: started on free ports, fresh data, stopped at JVM exit. The
 * {@code scale} profile sets {@code kidsafe.e2e.replicas} to 2: two instances of every service (issue 21 item 2).
 */
final class RunningPlatform {

    private static Platform platform;

    private RunningPlatform() {
    }

    static synchronized Platform get() {
        if (platform == null) {
            Path root = Path.of(System.getProperty("kidsafe.root", "..")).toAbsolutePath().normalize();
            Path data = Path.of(System.getProperty("kidsafe.e2e.data", "target/platform"));
            Directories.deleteRecursively(data);
            int replicas = Integer.parseInt(System.getProperty("kidsafe.e2e.replicas", "1"));
            platform = new Platform(root, data, Ports.free(), false, replicas).start();
        }
        return platform;
    }
}

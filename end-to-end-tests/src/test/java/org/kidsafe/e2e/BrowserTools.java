package org.kidsafe.e2e;

import org.kidsafe.testsupport.Commands;
import org.kidsafe.testsupport.DebianPackages;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the browser tests need beyond the JDK, got by the build itself: Debian's Chromium, Node.js and npm, installed
 * by test-support's {@link DebianPackages} when missing (which needs root; if that fails the test fails saying what
 * to install; it is never skipped).
 */
final class BrowserTools {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private BrowserTools() {
    }

    /** The system Chromium, installed first if it is missing. */
    static Path chromium() {
        DebianPackages.ensure("Chromium at " + CHROMIUM, () -> Files.isExecutable(CHROMIUM), "chromium", "chromium-driver");
        return CHROMIUM;
    }

    /** Node.js and npm (Debian's, 18 or newer, will do for Playwright), installed first if either is missing. */
    static void nodeAndNpm() {
        DebianPackages.ensure("Node.js and npm", () -> Commands.onPath("node") && Commands.onPath("npm"), "nodejs", "npm");
    }
}

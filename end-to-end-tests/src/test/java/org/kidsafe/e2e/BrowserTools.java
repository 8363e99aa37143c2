package org.kidsafe.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the browser tests need beyond the JDK, got by the build itself: Debian's Chromium, Node.js and npm (installed
 * with apt-get when missing, which needs root; if that fails the test fails saying what to install; it is never
 * skipped), and processes (npm, node) run with a deadline and their output kept for the failure message.
 */
final class BrowserTools {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private BrowserTools() {
    }

    record Outcome(int exitCode, String output) {
    }

    /** The system Chromium, installed first if it is missing. */
    static synchronized Path chromium() {
        ensure("Chromium at " + CHROMIUM, () -> Files.isExecutable(CHROMIUM), "chromium", "chromium-driver");
        return CHROMIUM;
    }

    /** Node.js and npm (Debian's, 18 or newer, will do for Playwright), installed first if either is missing. */
    static synchronized void nodeAndNpm() {
        ensure("Node.js and npm", () -> onPath("node") && onPath("npm"), "nodejs", "npm");
    }

    private static void ensure(String what, BooleanSupplier present, String... packages) {
        if (present.getAsBoolean()) {
            return;
        }
        Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
        Outcome installed = install(quiet, packages);
        if (installed.exitCode() != 0) {
            // A fresh machine may not have the package lists yet.
            run(Path.of("."), quiet, Duration.ofMinutes(5), "apt-get", "update");
            installed = install(quiet, packages);
        }
        if (installed.exitCode() != 0 || !present.getAsBoolean()) {
            throw new IllegalStateException("The browser tests need " + what + " and could not install it (exit "
                    + installed.exitCode() + "). As root, run `apt-get install -y " + String.join(" ", packages)
                    + "`, then run the tests again. apt-get said:\n" + installed.output());
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, command)));
    }

    private static Outcome install(Map<String, String> environment, String... packages) {
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y"));
        command.addAll(List.of(packages));
        return run(Path.of("."), environment, Duration.ofMinutes(10), command.toArray(String[]::new));
    }

    /** Runs a command in {@code directory}; its output (both streams) is returned, also on failure. */
    static Outcome run(Path directory, Map<String, String> environment, Duration deadline, String... command) {
        try {
            Path log = Files.createTempFile("kidsafe-browser-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    return new Outcome(-1, "Gave up after " + deadline.toSeconds() + " s: " + String.join(" ", command) + "\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", command)
                    + (command[0].equals("npm") || command[0].equals("node") ? " (is Node.js installed?)" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

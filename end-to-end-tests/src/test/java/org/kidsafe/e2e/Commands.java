package org.kidsafe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command an operator would type (git, tar, ./mvnw, ./kidsafe ...), run to its end with its output in a log file. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command} in {@code directory} with {@code environment} added; returns its output, or fails with it. */
    static String run(Path directory, Path log, Duration timeout, Map<String, String> environment, String... command) {
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout + "; see " + log);
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

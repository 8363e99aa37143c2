package org.kidsafe.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a program a test needs (apt-get, npm, node, softhsm2-util, pkcs11-tool) with a deadline and keeps its output
 * (both streams) for the failure message, so a test that fails says what the program said.
 */
public final class Commands {

    private Commands() {
    }

    /** How a command ended: its exit code ({@code -1} when it ran past its deadline) and its output. */
    public record Outcome(int exitCode, String output) {

        /** True if the command exited with 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} in {@code directory}; the output is returned, also on failure. */
    public static Outcome run(Path directory, Map<String, String> environment, Duration deadline, String... command) {
        try {
            Path log = Files.createTempFile("kidsafe-command-", ".log");
            try {
                return execute(directory, log, environment, deadline, command);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", command) + " (is " + command[0] + " installed?)", e);
        }
    }

    /**
     * Runs {@code command} in {@code directory} as an operator would (git, tar, ./mvnw, ./kidsafe), its output kept in
     * {@code log} to read afterwards (a build's is long); returns the output, or fails with it when the command exits
     * with another code than 0 or runs past its deadline.
     */
    public static String runOrFail(Path directory, Path log, Map<String, String> environment, Duration deadline, String... command) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Outcome outcome = execute(directory, log, environment, deadline, command);
            if (!outcome.succeeded()) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + outcome.exitCode() + "; see " + log + "): "
                        + outcome.output());
            }
            return outcome.output();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", command) + " (is " + command[0] + " installed?)", e);
        }
    }

    private static Outcome execute(Path directory, Path log, Map<String, String> environment, Duration deadline, String... command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                return new Outcome(-1, "Gave up after " + deadline.toSeconds() + " s: " + String.join(" ", command) + "\n"
                        + output(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Outcome(process.exitValue(), output(log));
    }

    /** The output as text; bytes that are not UTF-8 (a program may print binary) become replacement characters. */
    private static String output(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    /** True if an executable of this name is on the PATH. */
    public static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, command)));
    }
}

package org.kidsafe.e2e;

import org.kidsafe.launcher.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running service's configuration exactly as its process got it: the command line (system properties) and the
 * environment (secrets), read from /proc as an attacker on its host would. What the breach tests take as loot.
 */
record ProcessConfiguration(List<String> entries) {

    static ProcessConfiguration of(String service) {
        ServiceProcess process = RunningPlatform.get().service(service);
        List<String> entries = new ArrayList<>(procEntries(process.pid(), "cmdline"));
        entries.addAll(procEntries(process.pid(), "environ"));
        return new ProcessConfiguration(List.copyOf(entries));
    }

    /** An environment variable's value. */
    Optional<String> environment(String name) {
        return valueAfter(name + "=");
    }

    /** A system property given on the command line ({@code -Dname=value}). */
    Optional<String> property(String name) {
        return valueAfter("-D" + name + "=");
    }

    /**
     * The content of a credential's file the process reads at each use ({@code -Dkidsafe.secret-files.<name>=<path>},
     * issue 16 item 5): not in its configuration, but on its host, so part of the loot.
     */
    Optional<String> secretFile(String name) {
        return property("kidsafe.secret-files." + name).map(file -> {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        });
    }

    String require(String environmentVariable) {
        return environment(environmentVariable)
                .orElseThrow(() -> new IllegalStateException("The process has no " + environmentVariable));
    }

    private Optional<String> valueAfter(String prefix) {
        return entries.stream().filter(entry -> entry.startsWith(prefix)).map(entry -> entry.substring(prefix.length())).findFirst();
    }

    private static List<String> procEntries(long pid, String file) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the configuration of process " + pid + " (Linux /proc needed)", e);
        }
    }
}

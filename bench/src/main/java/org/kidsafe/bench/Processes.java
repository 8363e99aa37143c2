package org.kidsafe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Memory of processes from Linux's /proc: resident (RSS) and proportional (PSS, shared pages split) sizes. */
final class Processes {

    private Processes() {
    }

    /**
     * CPU seconds a process has used so far, user plus system of all its threads (ProcessCpu reads /proc/<pid>/stat):
     * what a start costs, which a busy machine does not distort as it does wall time; NaN when it is gone.
     */
    static double cpuSeconds(long pid) {
        return ProcessCpu.ticks(pid).map(ticks -> ticks.own() / ProcessCpu.TICKS_PER_SECOND).orElse(Double.NaN);
    }

    /** VmRSS in MB, or NaN when the process is gone. */
    static double rssMb(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    /** Pss in MB: what the process adds when several share libraries, so a sum over processes is honest. */
    static double pssMb(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") / 1024.0;
    }

    /** The processes and all their descendants. */
    static Set<Long> withDescendants(Set<Long> roots) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit)).forEach(name -> {
                long parent = parentOf(Long.parseLong(name));
                if (parent > 0) {
                    children.computeIfAbsent(parent, key -> new ArrayList<>()).add(Long.parseLong(name));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc", e);
        }
        Set<Long> all = new LinkedHashSet<>();
        List<Long> pending = new ArrayList<>(roots);
        while (!pending.isEmpty()) {
            long pid = pending.remove(pending.size() - 1);
            if (all.add(pid)) {
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return all;
    }

    /** Processes whose command line mentions the text (e.g. a data directory), without their descendants. */
    static Set<Long> mentioning(String text) {
        Set<Long> found = new LinkedHashSet<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(path -> {
                try {
                    String command = new String(Files.readAllBytes(path.resolve("cmdline"))).replace('\0', ' ');
                    if (command.contains(text)) {
                        found.add(Long.parseLong(path.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // Gone meanwhile.
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc", e);
        }
        return found;
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may contain spaces: fields start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double kilobytes(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}

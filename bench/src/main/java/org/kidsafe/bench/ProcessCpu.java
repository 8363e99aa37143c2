package org.kidsafe.bench;

import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CPU time of groups of processes over a measured window, from Linux's /proc (issue 22 item 4: the cost of an upload
 * in CPU-seconds, per process that works for it). A group's time is the sum over its live processes of their own
 * user + system time and their reaped children's ({@code utime + stime + cutime + cstime}, fields 14-17 of
 * {@code /proc/<pid>/stat}), so a PostgreSQL backend that exits during the window still counts, in its postmaster.
 * The groups are looked up again at each snapshot: a backend born during the window counts too.
 */
final class ProcessCpu {

    /** The harness's own JVM, which runs the broker in-process (as {@code ./kidsafe up} does). */
    static final String HARNESS = "harness JVM (in-process Kafka)";
    /** The harness's reaped children: its wrk runs. */
    static final String LOAD_GENERATOR = "wrk (load generator)";

    /** {@code /proc} reports times in USER_HZ, which Linux fixes at 100 for user space on every architecture. */
    static final double TICKS_PER_SECOND = 100;

    /** One process's CPU ticks: its own (all threads) and those of its children it has reaped. */
    record Ticks(long own, long reapedChildren) {

        long total() {
            return own + reapedChildren;
        }
    }

    /** CPU seconds per group, and the machine's busy seconds (all cores, every process) at one moment. */
    record Snapshot(long nanoTime, Map<String, Double> seconds, double machineBusySeconds) {

        /** What each group used between {@code earlier} and this snapshot, over the wall time between them. */
        Window since(Snapshot earlier) {
            Map<String, Double> used = new LinkedHashMap<>();
            seconds.forEach((group, now) -> used.put(group, now - earlier.seconds.getOrDefault(group, 0.0)));
            return new Window((nanoTime - earlier.nanoTime) / 1e9, used, machineBusySeconds - earlier.machineBusySeconds);
        }
    }

    /** CPU seconds each group used during {@code wallSeconds}; {@code machineBusySeconds} counts every process on the machine. */
    record Window(double wallSeconds, Map<String, Double> seconds, double machineBusySeconds) {

        double total(Collection<String> groups) {
            return groups.stream().mapToDouble(group -> seconds.getOrDefault(group, 0.0)).sum();
        }

        /** Cores the groups kept busy on average: CPU seconds over wall seconds. */
        double cores(Collection<String> groups) {
            return total(groups) / wallSeconds;
        }

        /** CPU seconds the groups spent per 1,000 of {@code operations}. */
        double perThousand(Collection<String> groups, long operations) {
            return total(groups) * 1_000 / operations;
        }
    }

    private final Map<String, LongSupplier> groups;

    /** @param groups each group's name and its ticks now ({@link #processes}, ...), in the order reports list them */
    ProcessCpu(Map<String, LongSupplier> groups) {
        this.groups = groups;
    }

    /**
     * Every process of the platform by role, every instance of a service counted in its service's group. Keycloak is
     * what remains of the harness's descendants once the services and both PostgreSQL servers are named (its launch
     * script and JVM); the harness's own load generator runs are counted apart ({@link #reapedChildrenOf}), since each
     * has exited before the snapshot after it.
     */
    static Map<String, Supplier<Collection<Long>>> platformGroups(Platform platform) {
        long self = ProcessHandle.current().pid();
        Path data = platform.dataDirectory();
        Supplier<Collection<Long>> postgres = () -> Processes.withDescendants(Processes.mentioning(data.resolve("postgres").toString()));
        Supplier<Collection<Long>> keycloakPostgres = () -> Processes.withDescendants(Processes.mentioning(data.resolve("keycloak-postgres").toString()));
        Map<String, Supplier<Collection<Long>>> groups = new LinkedHashMap<>();
        for (String service : List.of(Platform.GATEWAY, Platform.MEDIA, Platform.CONSENT, Platform.PROFILE)) {
            groups.put(service, () -> Processes.withDescendants(instancePids(platform, service)));
        }
        groups.put("Keycloak", () -> {
            Set<Long> rest = new HashSet<>(Processes.withDescendants(Set.of(self)));
            rest.remove(self);
            for (String service : Platform.SERVICES) {
                rest.removeAll(Processes.withDescendants(instancePids(platform, service)));
            }
            rest.removeAll(postgres.get());
            rest.removeAll(keycloakPostgres.get());
            return rest;
        });
        groups.put("PostgreSQL (services)", postgres);
        groups.put("PostgreSQL (Keycloak's)", keycloakPostgres);
        groups.put(HARNESS, () -> Set.of(self));
        return groups;
    }

    private static Set<Long> instancePids(Platform platform, String service) {
        return platform.instances(service).stream().map(ServiceProcess::pid).collect(Collectors.toSet());
    }

    /** CPU of the groups, the harness's JVM without its children. */
    static ProcessCpu of(Map<String, Supplier<Collection<Long>>> groups) {
        return new ProcessCpu(ticks(groups));
    }

    /** CPU of the groups, the harness's JVM without its children, and those children apart as the load generator. */
    static ProcessCpu withLoadGenerator(Map<String, Supplier<Collection<Long>>> groups) {
        Map<String, LongSupplier> ticks = ticks(groups);
        ticks.put(LOAD_GENERATOR, reapedChildrenOf(ProcessHandle.current().pid()));
        return new ProcessCpu(ticks);
    }

    private static Map<String, LongSupplier> ticks(Map<String, Supplier<Collection<Long>>> groups) {
        long self = ProcessHandle.current().pid();
        Map<String, LongSupplier> ticks = new LinkedHashMap<>();
        groups.forEach((name, pids) -> ticks.put(name, name.equals(HARNESS) ? ownOnly(self) : processes(pids)));
        return ticks;
    }

    /** Which processes each group held when the benchmark began (pid and command name), for the raw samples. */
    static Map<String, List<String>> describe(Map<String, Supplier<Collection<Long>>> groups) {
        Map<String, List<String>> described = new LinkedHashMap<>();
        groups.forEach((name, pids) -> described.put(name, pids.get().stream().sorted().map(pid -> pid + " " + ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().command()).orElse("?")).toList()));
        return described;
    }

    /** The processes found now, with what they reaped. */
    static LongSupplier processes(Supplier<Collection<Long>> pids) {
        return () -> pids.get().stream().map(ProcessCpu::ticks).flatMap(Optional::stream).mapToLong(Ticks::total).sum();
    }

    /** One process without its children: the harness's JVM, whose reaped children are the load generator. */
    static LongSupplier ownOnly(long pid) {
        return () -> ticks(pid).map(Ticks::own).orElse(0L);
    }

    /** The children a process has reaped: the harness's wrk runs, once each has exited. */
    static LongSupplier reapedChildrenOf(long pid) {
        return () -> ticks(pid).map(Ticks::reapedChildren).orElse(0L);
    }

    Snapshot snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        groups.forEach((name, ticks) -> seconds.put(name, ticks.getAsLong() / TICKS_PER_SECOND));
        return new Snapshot(System.nanoTime(), seconds, machineBusySeconds());
    }

    /** A process's ticks now; empty once it is gone. */
    static Optional<Ticks> ticks(long pid) {
        try {
            return Optional.of(parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads {@code /proc/<pid>/stat}: the command name in parentheses may hold spaces and parentheses, so the fields are
     * counted from the last ')'; utime, stime, cutime, cstime are fields 14 to 17.
     */
    static Ticks parseStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): field n is fields[n - 3].
        return new Ticks(Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
    }

    /** Busy seconds of the whole machine, summed over cores, from the first line of {@code /proc/stat}. */
    static double machineBusySeconds() {
        try {
            return parseMachineBusy(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** {@code cpu user nice system idle iowait irq softirq steal ...}: everything but idle and iowait is busy. */
    static double parseMachineBusy(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu")) {
            throw new IllegalArgumentException("Not the all-cores line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        for (int field = 1; field < Math.min(fields.length, 9); field++) {
            if (field != 4 && field != 5) {
                busy += Long.parseLong(fields[field]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }
}

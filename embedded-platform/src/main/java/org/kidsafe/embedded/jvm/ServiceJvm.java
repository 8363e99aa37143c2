package org.kidsafe.embedded.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The one JVM configuration of a KidSafe service, production's (issue 22 item 1): what the Helm chart's pods run with,
 * and what the launcher, the end-to-end platform and the benchmarks start every service with, so that a figure measured
 * here is a figure of the platform as shipped. Full tiered JIT (C1 and C2: no {@code TieredStopAtLevel}); the heap
 * from the pod's memory limit by one rule ({@link #maxHeapMib()}); a small initial heap; the GC and the processor count
 * of the pod; {@code MALLOC_ARENA_MAX} and a periodic trim of the native heap (what glibc keeps of memory the JVM
 * freed). The numbers live in {@code service-jvm.properties} beside this class, which
 * the chart's values repeat and deploy's {@code ServiceJvmChartTest} compares.
 */
public final class ServiceJvm {

    /** The environment variable glibc reads for its arena limit. */
    public static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

    private final int memoryLimitMib;
    private final int maxRamPercentage;
    private final int initialHeapMib;
    private final int cpuLimit;
    private final String gc;
    private final int mallocArenaMax;
    private final int trimNativeHeapIntervalMs;

    private ServiceJvm(Properties settings) {
        this.memoryLimitMib = integer(settings, "memory-limit-mib");
        this.maxRamPercentage = integer(settings, "max-ram-percentage");
        this.initialHeapMib = integer(settings, "initial-heap-mib");
        this.cpuLimit = integer(settings, "cpu-limit");
        this.gc = required(settings, "gc");
        this.mallocArenaMax = integer(settings, "malloc-arena-max");
        this.trimNativeHeapIntervalMs = integer(settings, "trim-native-heap-interval-ms");
    }

    /** Production's settings, read from {@code service-jvm.properties}. */
    public static ServiceJvm production() {
        try (InputStream in = ServiceJvm.class.getResourceAsStream("service-jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("service-jvm.properties is missing beside " + ServiceJvm.class.getName());
            }
            Properties settings = new Properties();
            settings.load(in);
            return new ServiceJvm(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pod's memory limit in MiB (the chart's {@code resources.limits.memory}). */
    public int memoryLimitMib() {
        return memoryLimitMib;
    }

    /** The pod's CPU limit in whole CPUs (the chart's {@code resources.limits.cpu}). */
    public int cpuLimit() {
        return cpuLimit;
    }

    /** The rule: the chart's percentage of the chart's memory limit, e.g. 512 MiB x 75 % = 384 MiB. */
    public int maxHeapMib() {
        return memoryLimitMib * maxRamPercentage / 100;
    }

    /** The options shared by a pod and a local process: everything but how the maximum heap is given. */
    private List<String> commonOptions() {
        return List.of("-Xms" + initialHeapMib + "m", "-XX:+Use" + gc, "-XX:ActiveProcessorCount=" + cpuLimit,
                "-XX:TrimNativeHeapInterval=" + trimNativeHeapIntervalMs);
    }

    /**
     * What the chart renders into {@code JAVA_OPTS_APPEND}: the heap as a percentage, which the JVM applies to the
     * container's cgroup limit.
     */
    public List<String> podOptions() {
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxRAMPercentage=" + maxRamPercentage + ".0");
        options.addAll(commonOptions());
        return List.copyOf(options);
    }

    /**
     * What a local process starts with: the same, with the heap the pod would get as {@code -Xmx}, since a process
     * outside a container would apply the percentage to the whole machine.
     */
    public List<String> localOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + maxHeapMib() + "m");
        options.addAll(commonOptions());
        return List.copyOf(options);
    }

    /** The environment every service process (and pod) gets. */
    public Map<String, String> environment() {
        return Map.of(MALLOC_ARENA_MAX, Integer.toString(mallocArenaMax));
    }

    /**
     * The start of the command line of a local service process: the chosen JDK ({@link RuntimeJdk}), the local
     * options and, when the build made one for that JDK, the application's startup archive ({@link StartupArchive}).
     */
    public List<String> command(Path javaHome, Path appDirectory) {
        List<String> command = new ArrayList<>();
        command.add(RuntimeJdk.java(javaHome).toString());
        command.addAll(localOptions());
        command.addAll(StartupArchive.runOptions(javaHome, appDirectory));
        return command;
    }

    private static int integer(Properties settings, String name) {
        return Integer.parseInt(required(settings, name).trim());
    }

    private static String required(Properties settings, String name) {
        String value = settings.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("service-jvm.properties has no " + name);
        }
        return value.trim();
    }
}

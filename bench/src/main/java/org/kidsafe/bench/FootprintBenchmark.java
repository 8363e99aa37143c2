package org.kidsafe.bench;

import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (4) Start time and memory of each service and of the whole platform, as the launcher runs them: production's JVM
 * (embedded-platform's ServiceJvm: full JIT, -Xmx384m from the chart's limit, -Xms16m, SerialGC, one processor,
 * MALLOC_ARENA_MAX=2) on the newest LTS JDK with the build's AOT cache (issue 22 item 1). A service's start is timed by
 * restarting it alone while its infrastructure (PostgreSQL, Kafka, Keycloak) keeps running.
 */
final class FootprintBenchmark {

    private static final String NAME = "footprint";
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([\\d.]+)s");
    private final Platform platform;
    private final Settings settings;
    private final Results results;

    FootprintBenchmark(Platform platform, Settings settings, Results results) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
    }

    /** Memory of everything the platform runs, now; {@code when} names the moment (idle, after load). */
    void memory(String when) {
        Pause.of(SETTLE);
        Set<Long> services = new LinkedHashSet<>();
        for (String name : Platform.SERVICES) {
            long pid = platform.service(name).pid();
            services.add(pid);
            results.add(NAME, name, "RSS " + when, Processes.rssMb(pid), "MB", 1, "VmRSS; goal < 200 MB idle");
        }
        long self = ProcessHandle.current().pid();
        Set<Long> launched = Processes.withDescendants(Set.of(self));
        launched.remove(self);
        launched.removeAll(Processes.withDescendants(services));
        Set<Long> postgres = Processes.withDescendants(Processes.mentioning(platform.dataDirectory().resolve("postgres").toString()));
        double keycloak = pss(launched);
        double database = pss(postgres);
        double harness = Processes.pssMb(self);
        double servicesPss = pss(services);
        results.add(NAME, "the four services", "PSS " + when, servicesPss, "MB", 1, "sum of PSS (shared pages split between processes)");
        results.add(NAME, "Keycloak", "PSS " + when, keycloak, "MB", 1, "its JVM (and kc.sh)");
        results.add(NAME, "PostgreSQL", "PSS " + when, database, "MB", 1, "postmaster and backends");
        results.add(NAME, "harness JVM with in-process Kafka", "PSS " + when, harness, "MB", 1,
                "Kafka runs inside the launcher, as with ./kidsafe up; the harness adds its own heap");
        results.add(NAME, "whole platform", "PSS " + when, servicesPss + keycloak + database + harness, "MB", 1,
                "services + Keycloak + PostgreSQL + launcher/Kafka");
    }

    /** Restarts each service alone, timing start to ready; then its idle memory after a fresh start. */
    void startTimes() throws IOException {
        for (String name : Platform.SERVICES) {
            ServiceProcess service = platform.service(name);
            List<Double> ready = new ArrayList<>();
            List<Double> cpuToReady = new ArrayList<>();
            List<Double> quarkusReported = new ArrayList<>();
            for (int i = 0; i < settings.restarts(); i++) {
                service.stop();
                long begun = System.nanoTime();
                service.start();
                service.awaitReady(Duration.ofMinutes(3));
                ready.add((System.nanoTime() - begun) / 1e6);
                cpuToReady.add(Processes.cpuSeconds(service.pid()));
                lastStartedIn(service).ifPresent(quarkusReported::add);
            }
            results.add(NAME, name, "start to ready (median)", Stats.median(ready), "ms", ready.size(),
                    "restarted alone, infrastructure running; JVM launch until /q/health/ready answers 200 on the management port (polled every 250 ms); goal < 3 s");
            results.add(NAME, name, "CPU from launch to ready (median)", Stats.median(cpuToReady), "s", cpuToReady.size(),
                    "user + system CPU of the service's JVM when /q/health/ready first answers 200 (/proc/<pid>/stat); goal < 3 s");
            results.add(NAME, name, "Quarkus 'started in' (median)", Stats.median(quarkusReported), "ms", quarkusReported.size(),
                    "as the service logs it");
            Pause.of(SETTLE);
            results.add(NAME, name, "RSS idle after a fresh start", Processes.rssMb(service.pid()), "MB", 1,
                    "VmRSS " + SETTLE.toSeconds() + " s after ready; goal < 200 MB");
        }
    }

    /** Restarts the service with extra JVM options (empty: the launcher's defaults) and waits until it is ready. */
    static void restartWith(ServiceProcess service, String jvmOptions) {
        System.setProperty(ServiceProcess.EXTRA_JVM_OPTIONS, jvmOptions);
        try {
            service.stop();
            service.start();
            service.awaitReady(Duration.ofMinutes(3));
        } finally {
            System.clearProperty(ServiceProcess.EXTRA_JVM_OPTIONS);
        }
    }

    private static java.util.Optional<Double> lastStartedIn(ServiceProcess service) throws IOException {
        Double last = null;
        for (String line : Files.readAllLines(service.logFile())) {
            Matcher started = QUARKUS_STARTED.matcher(line);
            if (started.find()) {
                last = Double.parseDouble(started.group(1)) * 1000;
            }
        }
        return java.util.Optional.ofNullable(last);
    }

    private static double pss(Set<Long> pids) {
        return pids.stream().mapToDouble(Processes::pssMb).filter(value -> !Double.isNaN(value)).sum();
    }
}

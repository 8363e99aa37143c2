package org.kidsafe.bench;

import org.kidsafe.embedded.Directories;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.Ports;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bench/run}: the benchmarks of docs/performance.md in one run. The in-process media path
 * and the outbox relay's sending (against a broker of its own) run first, on a machine not yet busy with the platform; then the real platform starts on free ports
 * with fresh data in bench/target/platform, and the others run against it. Results go to
 * bench/target/results as JSON and Markdown.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("kidsafe.root", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.parse(args, root);
        Results results = new Results();
        describeMachine(results, settings);
        System.out.println("KidSafe benchmarks (" + (settings.quick() ? "quick" : "full") + "): " + settings.only());

        try {
            runAll(settings, results);
        } finally {
            results.environment("machine speed at end", machineSpeed());
            // A failed benchmark still leaves the figures measured before it.
            Path written = results.write(settings.output());
            System.out.println("\nResults: " + written + " (and .json beside it)");
            if (settings.needsPlatform()) {
                results.archiveLogs(platformData(settings).resolve("logs"), settings.output())
                        .ifPresent(logs -> System.out.println("The platform's logs: " + logs));
            }
        }
    }

    private static void runAll(Settings settings, Results results) throws Exception {
        Path root = settings.root();
        if (settings.runs("media-path")) {
            new MediaPathBenchmark(settings, results).run();
        }
        if (settings.runs("outbox")) {
            new OutboxBenchmark(settings, results).run();
        }
        if (settings.needsPlatform()) {
            Path data = platformData(settings);
            Directories.deleteRecursively(data);
            long begun = System.nanoTime();
            try (Platform platform = new Platform(root, data, Ports.free(), false, settings.replicas()).start()) {
                results.add("footprint", "whole platform", "start until every service is ready", (System.nanoTime() - begun) / 1e6, "ms", 1,
                        "PostgreSQL, Kafka, SMTP, Keycloak one after the other, then the four services together");
                runAgainst(platform, settings, results);
            }
        }
    }

    /** Where the platform keeps its data and logs for one run (emptied when the next run starts it). */
    private static Path platformData(Settings settings) {
        return settings.root().resolve("bench/target/platform");
    }

    private static void runAgainst(Platform platform, Settings settings, Results results) throws Exception {
        FootprintBenchmark footprint = new FootprintBenchmark(platform, settings, results);
        if (settings.runs("footprint")) {
            footprint.memory("idle after start");
        }
        ParentJourney journey = new ParentJourney(platform.gatewayUrl(), platform.keycloak().issuer(), platform.mailbox().webUrl());
        FreshToken alice = new FreshToken(platform.keycloak().issuer(), DevRealm.ALICE);
        journey.verifyByEmail(alice.get(), DevRealm.ALICE.username());
        int notice = journey.currentNotice().getVersion();
        if (settings.runs("erasure")) {
            new ErasureBenchmark(platform, settings, results, journey, alice, notice).run();
        }
        if (settings.runs("consent-gating")) {
            new ConsentGatingBenchmark(platform, settings, results, journey, alice, notice).run();
        }
        if (settings.runs("gateway")) {
            new GatewayBenchmark(platform, settings, results).run();
        }
        if (settings.runs("revocation")) {
            new RevocationBenchmark(platform, settings, results, journey, alice, notice).run();
        }
        if (settings.runs("uploads")) {
            new UploadBenchmark(platform, settings, results, journey, alice, notice).run();
        }
        if (settings.runs("erasure-throughput")) {
            // After the one-at-a-time benchmarks, before the toy identities: it leaves a thousand families erased.
            new ErasureThroughputBenchmark(platform, settings, results, journey, notice).run();
        }
        if (settings.runs("toy-identity")) {
            // After the others: it leaves tens of thousands of users in the realm.
            new ToyIdentityBenchmark(platform, settings, results, journey, alice, notice).run();
        }
        if (settings.runs("footprint")) {
            footprint.memory("after the benchmarks");
            // Restarts last: the other benchmarks measure processes that started once, as in production.
            footprint.startTimes();
        }
    }

    private static void describeMachine(Results results, Settings settings) {
        results.environment("mode", settings.quick() ? "quick (bench/run --quick)" : "full (bench/run)");
        results.environment("instances per service", settings.replicas());
        results.environment("cores", Runtime.getRuntime().availableProcessors());
        results.environment("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.environment("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        results.environment("load average at start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        results.environment("cpu", cpuModel());
        results.environment("machine speed at start", machineSpeed());
    }

    /**
     * One core's speed now, as openssl measures it: a shared VM's core ran at 2.5x different speeds from one run to the
     * next (OpensslSpeed), and every figure of a run moves with it, so each run states it at its start and end.
     */
    private static String machineSpeed() {
        try {
            return String.format("%.0f MB/s (openssl speed -elapsed -evp aes-256-gcm, 16 KiB, one thread, 1 s)", OpensslSpeed.aesGcm());
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

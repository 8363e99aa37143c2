package org.kidsafe.bench;

import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What a toy maker pays per upload (issue 22 item 4): toys upload through the gateway, end to end (the gateway
 * checks the toy's token, rate-limits and exchanges it for media-service's through its cache; media-service checks that
 * token, that the toy is paired and the category consented (before the body and again at the record), sanitises,
 * encrypts under the child's key, stores the blob and commits the record). Two kinds, interleaved round by round: a
 * ~500 KiB JPEG photo with an Exif block to drop, and a chat message (contact details masked, text encrypted).
 * <p>
 * wrk drives it (a Lua script posts the body with each toy's token in turn); every process of the platform is charged
 * its CPU time over each wrk run ({@link ProcessCpu}: user + system from /proc, reaped children included), so the cost
 * per 1,000 uploads and the uploads per CPU-second ("per core") do not depend on what else the machine runs, while
 * uploads per second do.
 */
final class UploadBenchmark {

    private static final String NAME = "uploads";
    /** About 500 KiB with its Exif block (496.7 KiB with the JDK's JPEG encoder at its default quality). */
    static final int PHOTO_WIDTH = 1440;
    static final int PHOTO_HEIGHT = 1080;
    /** A child's message as a toy sends it: no contact details, so nothing is masked (the masking patterns still run). */
    static final String CHAT_TEXT = "Today we built a rocket out of the big box and flew it to the moon and back before dinner!";
    private static final int CONNECTIONS = 16;
    /** The gateway's read timeout towards a service (30 s): a slower answer is its 504, which wrk counts as failed. */
    private static final Duration WRK_TIMEOUT = Duration.ofSeconds(30);
    private static final String PHOTO = "photo (~500 KiB JPEG)";
    private static final String CHAT = "chat message";

    /** How much: toys (each its own child), warm-up per kind, measured rounds per kind, length of one wrk run and of the idle window. */
    record Size(int toys, Duration warmUp, int rounds, Duration run, Duration idle) {
    }

    static final Size QUICK = new Size(8, Duration.ofSeconds(10), 2, Duration.ofSeconds(8), Duration.ofSeconds(5));
    static final Size FULL = new Size(32, Duration.ofSeconds(15), 5, Duration.ofSeconds(20), Duration.ofSeconds(20));

    /** One kind of upload: where it goes and what it sends. */
    private record Kind(String name, String path, Path body, String contentType, int bodyBytes) {
    }

    /** One measured wrk run: what wrk saw and what every process group used meanwhile. */
    record Sample(String kind, int round, double uploadsPerSecond, long uploads, double p50Ms, double p99Ms, double wallSeconds,
                  Map<String, Double> cpuSeconds, double machineBusySeconds) {
    }

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final FreshToken parent;
    private final int notice;
    private final Size size;

    UploadBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, FreshToken parent, int notice) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.parent = parent;
        this.notice = notice;
        this.size = settings.quick() ? QUICK : FULL;
    }

    void run() throws IOException {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path work = settings.root().resolve("bench/target/uploads");
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        byte[] photo = SampleMedia.photo(PHOTO_WIDTH, PHOTO_HEIGHT);
        byte[] chat = ("{\"text\":\"" + CHAT_TEXT + "\"}").getBytes(StandardCharsets.UTF_8);
        List<Kind> kinds = List.of(
                new Kind(PHOTO, "/api/v1/media", Files.write(work.resolve("photo.jpg"), photo), "image/jpeg", photo.length),
                new Kind(CHAT, "/api/v1/chat", Files.write(work.resolve("chat.json"), chat), "application/json", chat.length));
        List<Family> families = new ArrayList<>();
        for (int i = 0; i < size.toys(); i++) {
            families.add(Family.create(platform, journey, parent, notice, "CHAT"));
        }
        Map<String, Supplier<Collection<Long>>> groups = ProcessCpu.platformGroups(platform);
        ProcessCpu cpu = ProcessCpu.withLoadGenerator(groups);
        List<Sample> samples = new ArrayList<>();
        ProcessCpu.Window idle = null;
        try {
            // The platform's background work at rest (pollers, jobs, the broker): charged to uploads in the totals,
            // subtracted in the marginal figure.
            ProcessCpu.Snapshot quiet = cpu.snapshot();
            Pause.of(size.idle());
            idle = cpu.snapshot().since(quiet);
            List<String> tokens = warmTokens(families);
            for (Kind kind : kinds) {
                Wrk.run(platform.gatewayUrl() + kind.path(), script(kind, tokens, work), CONNECTIONS, size.warmUp(), WRK_TIMEOUT);
            }
            for (int round = 0; round < size.rounds(); round++) {
                // Every round with fresh toy tokens (they live 5 minutes), each sent once before the round.
                tokens = warmTokens(families);
                List<Kind> order = round % 2 == 0 ? kinds : List.of(kinds.get(1), kinds.get(0));
                for (Kind kind : order) {
                    samples.add(measure(kind, round, script(kind, tokens, work), cpu));
                }
            }
        } finally {
            Map<String, Object> raw = new LinkedHashMap<>(Map.of("loadAverageAtStart", loadAtStart, "processGroups", ProcessCpu.describe(groups),
                    "photoBytes", photo.length, "chatBodyBytes", chat.length, "samples", samples));
            if (idle != null) {
                raw.put("idle", idle);
            }
            RawSamples.write(settings, NAME, raw);
            erase(families);
        }
        for (Kind kind : kinds) {
            report(kind, samples.stream().filter(sample -> sample.kind().equals(kind.name())).toList(), groups.keySet(), idle);
        }
        results.add(NAME, "platform at rest", "cores used", idle.cores(groups.keySet()), "cores", 1,
                size.idle().toSeconds() + " s without uploads, before the warm-up: the background the totals include");
        results.add(NAME, "machine", "load average before the benchmark", loadAtStart, "", 1,
                "1-minute load average: the rates above depend on it, the CPU-seconds per upload much less");
    }

    private Sample measure(Kind kind, int round, TokenRotation script, ProcessCpu cpu) {
        ProcessCpu.Snapshot before = cpu.snapshot();
        Wrk.Summary summary = Wrk.run(platform.gatewayUrl() + kind.path(), script, CONNECTIONS, size.run(), WRK_TIMEOUT);
        ProcessCpu.Window window = cpu.snapshot().since(before);
        if (summary.failed() > 0 || summary.requests() == 0) {
            throw new IllegalStateException(kind.name() + ": " + summary.failed() + " of " + summary.requests()
                    + " uploads failed (is the gateway's rate limit raised? bench/run sets KIDSAFE_GATEWAY_RATE_PER_SECOND)");
        }
        return new Sample(kind.name(), round, summary.requestsPerSecond(), summary.requests(), summary.p50Ms(), summary.p99Ms(),
                window.wallSeconds(), window.seconds(), window.machineBusySeconds());
    }

    private void report(Kind kind, List<Sample> samples, Collection<String> processGroups, ProcessCpu.Window idle) {
        List<String> platformGroups = processGroups.stream().toList();
        String how = "wrk -t2 -c" + CONNECTIONS + " -d" + size.run().toSeconds() + "s --timeout " + WRK_TIMEOUT.toSeconds() + "s through the gateway, " + size.toys() + " paired toys (one child each) "
                + "round robin, " + kind.bodyBytes() + " B body; photo and chat alternating first, " + size.rounds() + " rounds";
        int n = samples.size();
        results.add(NAME, kind.name(), "throughput (median)", median(samples, Sample::uploadsPerSecond), "uploads/s", n, how);
        results.add(NAME, kind.name(), "p50 latency (median)", median(samples, Sample::p50Ms), "ms", n, how);
        results.add(NAME, kind.name(), "p99 latency (median)", median(samples, Sample::p99Ms), "ms", n, how);
        results.add(NAME, kind.name(), "platform CPU per 1,000 (median)",
                median(samples, sample -> window(sample).perThousand(platformGroups, sample.uploads())), "CPU-s", n,
                "user + system CPU of every platform process during the run (/proc), over the uploads wrk counted");
        double idleCores = idle.cores(platformGroups);
        results.add(NAME, kind.name(), "platform CPU per 1,000, idle subtracted (median)",
                median(samples, sample -> (window(sample).total(platformGroups) - idleCores * sample.wallSeconds()) * 1_000 / sample.uploads()),
                "CPU-s", n, "the same less what the platform used at rest (" + Results.format(idleCores) + " cores over "
                        + size.idle().toSeconds() + " s before the runs): what an upload adds");
        results.add(NAME, kind.name(), "uploads per core (median)",
                median(samples, sample -> sample.uploads() / window(sample).total(platformGroups)), "uploads/s/core", n,
                "uploads per CPU-second of the platform: what one fully used core would carry");
        results.add(NAME, kind.name(), "cores used by the platform (median)", median(samples, sample -> window(sample).cores(platformGroups)),
                "cores", n, "platform CPU-seconds over the run's wall time");
        results.add(NAME, kind.name(), "machine busy (median)", median(samples, sample -> sample.machineBusySeconds() / sample.wallSeconds()),
                "cores", n, "every process on the machine (/proc/stat): above the platform and wrk, other work shared the cores");
        for (String group : platformGroups) {
            results.add(NAME, kind.name() + ", " + group, "CPU per 1,000 (median)",
                    median(samples, sample -> window(sample).perThousand(List.of(group), sample.uploads())), "CPU-s", n,
                    groupNote(group));
        }
        results.add(NAME, kind.name() + ", " + ProcessCpu.LOAD_GENERATOR, "CPU per 1,000 (median)",
                median(samples, sample -> sample.cpuSeconds().get(ProcessCpu.LOAD_GENERATOR) * 1_000 / sample.uploads()), "CPU-s", n,
                "the load generator on the same cores; not counted in the platform's figures");
    }

    private static String groupNote(String group) {
        return switch (group) {
            case "Keycloak" -> "tokens are verified from cached keys and exchanged once per token (outside the runs): ~0 is expected";
            case ProcessCpu.HARNESS -> "the broker runs in the harness JVM, which only waits for wrk meanwhile; uploads publish no event";
            default -> "user + system CPU (/proc/<pid>/stat, reaped children included)";
        };
    }

    private static ProcessCpu.Window window(Sample sample) {
        return new ProcessCpu.Window(sample.wallSeconds(), sample.cpuSeconds(), sample.machineBusySeconds());
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        return Stats.median(samples.stream().map(figure::applyAsDouble).toList());
    }

    private TokenRotation script(Kind kind, List<String> tokens, Path work) {
        return TokenRotation.posting(tokens, kind.body(), kind.contentType(), work.resolve(kind.path().substring(kind.path().lastIndexOf('/') + 1) + ".lua"));
    }

    /**
     * A fresh token per toy, each sent once with a chat message, so the gateway has verified it and exchanged it for
     * media-service's before the measured runs: a toy's token is exchanged once in its lifetime, not per upload.
     */
    private List<String> warmTokens(List<Family> families) {
        List<String> tokens = families.stream().map(Family::toyTokenForGateway).toList();
        tokens.forEach(token -> journey.sendChatFromToy(token, CHAT_TEXT).expect(201));
        return tokens;
    }

    /** Deletes the toys' children, so the next benchmark starts without gigabytes of photos; waits for the receipts. */
    private void erase(List<Family> families) {
        List<UUID> erasures = families.stream().map(family -> journey.deleteChild(parent.get(), family.childId())).toList();
        erasures.forEach(erasure -> journey.awaitReceipt(parent.get(), erasure, Duration.ofMinutes(5)));
    }
}

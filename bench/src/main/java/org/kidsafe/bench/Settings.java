package org.kidsafe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How much to measure: {@code --quick} for a run of about ten minutes that still exercises every benchmark
 * (fewer repetitions, 2,000 instead of 10,000 items for the largest erasure, 200 and 1,000 toys instead of 1,000,
 * 10,000 and 50,000), the default for the figures in docs/performance.md. {@code --only=erasure,gateway} runs a
 * subset; {@code --toy-sizes=1000,5000} and {@code --toy-sample=50} size the toy identity benchmark;
 * {@code --erasures=1000}, {@code --in-flight=50} size the erasure-throughput benchmark and {@code --replicas=2} asks the
 * platform for that many instances of each service (issue 21 item 3: figures with 1 and 2 instances).
 *
 * @param erasureRuns     runs per erasure size (0, 1 and 100 media items)
 * @param largeItems      media items of the largest erasure size (10,000; 2,000 in a quick run)
 * @param largeRuns       runs of the largest size (seeding it through HTTP takes about a minute each)
 * @param wrkDuration     length of one wrk measurement
 * @param wrkRounds       rounds of direct, gateway, nginx (3 in a quick run too: the gateway ratios are per round)
 * @param restarts        restarts of each service for its start time
 * @param mediaRounds     rounds of the in-process media path variants (and of the outbox relay's two producers)
 * @param consentChecks   gated media-service requests, each followed by a synchronous consent check (as many again to warm up)
 * @param toySizes        toys in the realm at which pairings and sign-ins are timed, ascending (seeded cumulatively)
 * @param toySample       pairings, sign-ins and refreshes timed at each size
 * @param erasures        erasures in total of the erasure-throughput benchmark (1,000; 100 in a quick run, whose seeding
 *                        would otherwise push it past ten minutes)
 * @param inFlight        erasures in flight at once (50; 20 in a quick run)
 * @param replicas        instances of each service the platform runs (1 unless {@code --replicas=N})
 */
public record Settings(boolean quick, Set<String> only, Path root, Path output, int erasureRuns, int largeItems, int largeRuns,
                       Duration wrkDuration, int wrkRounds, int restarts, int mediaRounds, int consentChecks,
                       List<Integer> toySizes, int toySample, int erasures, int inFlight, int replicas) {

    public static final List<String> BENCHMARKS = List.of("media-path", "outbox", "footprint", "consent-gating", "gateway", "erasure", "toy-identity",
            "uploads", "revocation", "erasure-throughput");
    /** Benchmarks that run without the platform: in-process, or against a broker of their own. */
    static final Set<String> WITHOUT_PLATFORM = Set.of("media-path", "outbox");
    /** Issue 21 item 4: p95 flat within 1.5x from 1,000 to 50,000 toys. */
    static final List<Integer> TOY_SIZES = List.of(1_000, 10_000, 50_000);
    static final List<Integer> QUICK_TOY_SIZES = List.of(200, 1_000);
    /** Issue 21 item 3: 1,000 erasures, 50 in flight. */
    static final int ERASURES = 1_000;
    static final int IN_FLIGHT = 50;

    public static Settings parse(String[] args, Path root) {
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>(BENCHMARKS);
        Integer largeRuns = null;
        List<Integer> toySizes = null;
        Integer toySample = null;
        Integer erasures = null;
        Integer inFlight = null;
        int replicas = 1;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--only=")) {
                only = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
                if (!BENCHMARKS.containsAll(only)) {
                    throw new IllegalArgumentException("--only takes some of " + BENCHMARKS + ", not " + only);
                }
            } else if (arg.startsWith("--large-runs=")) {
                largeRuns = Integer.parseInt(arg.substring("--large-runs=".length()));
            } else if (arg.startsWith("--toy-sizes=")) {
                toySizes = toySizes(arg.substring("--toy-sizes=".length()));
            } else if (arg.startsWith("--toy-sample=")) {
                toySample = Integer.parseInt(arg.substring("--toy-sample=".length()));
                if (toySample < 1) {
                    throw new IllegalArgumentException("--toy-sample must be at least 1");
                }
            } else if (arg.startsWith("--erasures=")) {
                erasures = positive(arg, "--erasures=");
            } else if (arg.startsWith("--in-flight=")) {
                inFlight = positive(arg, "--in-flight=");
            } else if (arg.startsWith("--replicas=")) {
                replicas = positive(arg, "--replicas=");
            } else {
                throw new IllegalArgumentException("Unknown option " + arg + " (usage: bench/run [--quick] [--only=" + String.join(",", BENCHMARKS)
                        + "] [--large-runs=N] [--toy-sizes=N,N,...] [--toy-sample=N] [--erasures=N] [--in-flight=N] [--replicas=N])");
            }
        }
        Path output = root.resolve("bench/target/results");
        if (quick) {
            return new Settings(true, only, root, output, 5, 2_000, largeRuns == null ? 1 : largeRuns, Duration.ofSeconds(5), 3, 1, 3, 300,
                    toySizes == null ? QUICK_TOY_SIZES : toySizes, toySample == null ? 30 : toySample,
                    erasures == null ? 100 : erasures, inFlight == null ? 20 : inFlight, replicas);
        }
        return new Settings(false, only, root, output, 20, 10_000, largeRuns == null ? 5 : largeRuns, Duration.ofSeconds(10), 3, 3, 7, 2000,
                toySizes == null ? TOY_SIZES : toySizes, toySample == null ? 200 : toySample,
                erasures == null ? ERASURES : erasures, inFlight == null ? IN_FLIGHT : inFlight, replicas);
    }

    private static int positive(String arg, String option) {
        int value = Integer.parseInt(arg.substring(option.length()));
        if (value < 1) {
            throw new IllegalArgumentException(option.substring(0, option.length() - 1) + " must be at least 1");
        }
        return value;
    }

    /** Comma-separated, strictly ascending: toys are seeded cumulatively, never removed between sizes. */
    private static List<Integer> toySizes(String list) {
        List<Integer> sizes = Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
        for (int i = 0; i < sizes.size(); i++) {
            if (sizes.get(i) < 1 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                throw new IllegalArgumentException("--toy-sizes must be positive and ascending, not " + list);
            }
        }
        return sizes;
    }

    public boolean runs(String benchmark) {
        return only.contains(benchmark);
    }

    public boolean needsPlatform() {
        return only.stream().anyMatch(benchmark -> !WITHOUT_PLATFORM.contains(benchmark));
    }
}

package org.kidsafe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How much to measure: {@code --quick} for a run of about ten minutes that still exercises every benchmark
 * (fewer repetitions, 2,000 instead of 10,000 items for the largest erasure), the default for the figures in
 * docs/performance.md. {@code --only=erasure,gateway} runs a subset.
 *
 * @param erasureRuns     runs per erasure size (0, 1 and 100 media items)
 * @param largeItems      media items of the largest erasure size (10,000; 2,000 in a quick run)
 * @param largeRuns       runs of the largest size (seeding it through HTTP takes about a minute each)
 * @param wrkDuration     length of one wrk measurement
 * @param wrkRounds       rounds of direct / gateway / nginx, in rotating order
 * @param restarts        restarts of each service for its start time
 * @param mediaRounds     rounds of the in-process media path variants
 * @param consentChecks   sequential synchronous consent checks (local checks: ten times as many)
 */
public record Settings(boolean quick, Set<String> only, Path root, Path output, int erasureRuns, int largeItems, int largeRuns,
                       Duration wrkDuration, int wrkRounds, int restarts, int mediaRounds, int consentChecks) {

    public static final List<String> BENCHMARKS = List.of("media-path", "footprint", "consent-gating", "gateway", "erasure");

    public static Settings parse(String[] args, Path root) {
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>(BENCHMARKS);
        Integer largeRuns = null;
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
            } else {
                throw new IllegalArgumentException("Unknown option " + arg + " (usage: bench/run [--quick] [--only=" + String.join(",", BENCHMARKS)
                        + "] [--large-runs=N])");
            }
        }
        Path output = root.resolve("bench/target/results");
        if (quick) {
            return new Settings(true, only, root, output, 5, 2_000, largeRuns == null ? 1 : largeRuns, Duration.ofSeconds(5), 1, 1, 3, 300);
        }
        return new Settings(false, only, root, output, 20, 10_000, largeRuns == null ? 5 : largeRuns, Duration.ofSeconds(10), 3, 3, 7, 2000);
    }

    public boolean runs(String benchmark) {
        return only.contains(benchmark);
    }

    public boolean needsPlatform() {
        return only.stream().anyMatch(benchmark -> !benchmark.equals("media-path"));
    }
}

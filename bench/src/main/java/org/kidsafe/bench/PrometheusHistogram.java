package org.kidsafe.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram of a service's {@code /q/metrics} (Prometheus text format): its cumulative bucket counts by upper bound.
 * The difference of two scrapes holds exactly the samples recorded between them, which is how the consent-gating
 * benchmark reads the service's own timings of its requests (issue 22 item 2: the local check timed inside the service).
 *
 * @param upperBoundsSeconds the buckets' {@code le} bounds, ascending, the last one {@code +Inf}
 * @param cumulativeCounts   samples at or below each bound (summed over every series of that name)
 */
record PrometheusHistogram(double[] upperBoundsSeconds, long[] cumulativeCounts) {

    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The histogram {@code name} (e.g. {@code kidsafe_consent_gate_seconds}) in a scrape; series with other labels are summed. */
    static PrometheusHistogram parse(String scrape, String name) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        Matcher bucket = BUCKET.matcher(scrape);
        while (bucket.find()) {
            if (!bucket.group(1).equals(name)) {
                continue;
            }
            Matcher le = LE.matcher(bucket.group(2));
            if (!le.find()) {
                throw new IllegalArgumentException("A bucket without le: " + bucket.group());
            }
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            counts.merge(bound, (long) Double.parseDouble(bucket.group(3)), Long::sum);
        }
        if (counts.isEmpty() || counts.lastKey() != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("No histogram " + name + " in the scrape");
        }
        return new PrometheusHistogram(counts.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                counts.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** Samples in all buckets. */
    long count() {
        return cumulativeCounts[cumulativeCounts.length - 1];
    }

    /** What was recorded after {@code earlier}, a scrape of the same histogram. */
    PrometheusHistogram minus(PrometheusHistogram earlier) {
        requireSameBounds(earlier);
        long[] counts = new long[cumulativeCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cumulativeCounts[i] - earlier.cumulativeCounts[i];
        }
        return new PrometheusHistogram(upperBoundsSeconds, counts);
    }

    PrometheusHistogram plus(PrometheusHistogram other) {
        requireSameBounds(other);
        long[] counts = new long[cumulativeCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cumulativeCounts[i] + other.cumulativeCounts[i];
        }
        return new PrometheusHistogram(upperBoundsSeconds, counts);
    }

    /**
     * The nearest-rank percentile ({@code p} in 0..100) in microseconds, interpolated linearly inside its bucket (as
     * Prometheus' {@code histogram_quantile}); a rank in the {@code +Inf} bucket gives the last finite bound. NaN when empty.
     */
    double percentileMicros(double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("Percentile out of range: " + p);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        for (int i = 0; i < cumulativeCounts.length; i++) {
            if (cumulativeCounts[i] >= rank) {
                if (Double.isInfinite(upperBoundsSeconds[i])) {
                    return upperBoundsSeconds[i - 1] * 1e6;
                }
                double lower = i == 0 ? 0 : upperBoundsSeconds[i - 1];
                long below = i == 0 ? 0 : cumulativeCounts[i - 1];
                double fraction = (double) (rank - below) / (cumulativeCounts[i] - below);
                return (lower + (upperBoundsSeconds[i] - lower) * fraction) * 1e6;
            }
        }
        throw new IllegalStateException("Cumulative counts do not reach the total");
    }

    /** The non-empty buckets as {@code upper bound in µs -> samples in that bucket}: the raw samples a result keeps. */
    Map<String, Long> nonEmptyBucketsMicros() {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (int i = 0; i < cumulativeCounts.length; i++) {
            long inBucket = cumulativeCounts[i] - (i == 0 ? 0 : cumulativeCounts[i - 1]);
            if (inBucket > 0) {
                buckets.put(Double.isInfinite(upperBoundsSeconds[i]) ? "+Inf" : Results.format(upperBoundsSeconds[i] * 1e6), inBucket);
            }
        }
        return buckets;
    }

    private void requireSameBounds(PrometheusHistogram other) {
        if (!Arrays.equals(upperBoundsSeconds, other.upperBoundsSeconds)) {
            throw new IllegalArgumentException("Histograms with different buckets");
        }
    }
}

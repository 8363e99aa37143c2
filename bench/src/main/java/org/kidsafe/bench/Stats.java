package org.kidsafe.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of repeated measurements: medians and nearest-rank percentiles, nothing fancier. */
public final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile ({@code p} in 0..100) of the values; NaN when there are none. */
    public static double percentile(Collection<Double> values, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("Percentile out of range: " + p);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median: the middle value, or the mean of the two middle values. */
    public static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Percentile of raw nanosecond samples, in microseconds. */
    public static double percentileMicros(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1_000.0;
    }
}

package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    @Test
    void nearestRankPercentilesOfTwentyRuns() {
        List<Double> runs = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
        assertEquals(10.0, Stats.percentile(runs, 50));
        assertEquals(19.0, Stats.percentile(runs, 95), "p95 of 20 runs is the 19th smallest, not the largest");
        assertEquals(20.0, Stats.percentile(runs, 100));
        assertEquals(1.0, Stats.percentile(runs, 0));
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(3.0, Stats.median(List.of(5.0, 3.0, 1.0)));
        assertTrue(Double.isNaN(Stats.median(List.of())));
    }

    @Test
    void percentileOfNanosecondsInMicroseconds() {
        assertEquals(2.0, Stats.percentileMicros(new long[]{3_000, 1_000, 2_000, 4_000}, 50));
    }

    @Test
    void refusesPercentilesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(List.of(1.0), 101));
    }
}

package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consent-gating benchmark's local figures come from two scrapes of media-service's /q/metrics: their real format. */
class PrometheusHistogramTest {

    private static String scrape(long upTo1, long upTo2, long upTo4, long all) {
        return """
                # HELP kidsafe_consent_gate_seconds Consent decisions from the service's own projection (ConsentGate.allows)
                # TYPE kidsafe_consent_gate_seconds histogram
                kidsafe_consent_gate_seconds_bucket{le="1.0E-6",} %d.0
                kidsafe_consent_gate_seconds_bucket{le="2.0E-6",} %d.0
                kidsafe_consent_gate_seconds_bucket{le="4.0E-6",} %d.0
                kidsafe_consent_gate_seconds_bucket{le="+Inf",} %d.0
                kidsafe_consent_gate_seconds_count %d.0
                kidsafe_consent_gate_seconds_sum 0.5
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_bucket{method="GET",le="1.0E-6",} 999.0
                http_server_requests_seconds_bucket{method="GET",le="+Inf",} 999.0
                """.formatted(upTo1, upTo2, upTo4, all, all);
    }

    @Test
    void readsOnlyTheNamedHistogramsCumulativeBuckets() {
        PrometheusHistogram histogram = PrometheusHistogram.parse(scrape(1, 3, 4, 4), "kidsafe_consent_gate_seconds");
        assertEquals(4, histogram.count());
        assertEquals(Map.of("1.00", 1L, "2.00", 2L, "4.00", 1L), histogram.nonEmptyBucketsMicros());
    }

    @Test
    void theDifferenceOfTwoScrapesHoldsWhatWasRecordedBetweenThem() {
        PrometheusHistogram before = PrometheusHistogram.parse(scrape(5, 5, 5, 5), "kidsafe_consent_gate_seconds");
        PrometheusHistogram after = PrometheusHistogram.parse(scrape(5, 9, 13, 14), "kidsafe_consent_gate_seconds");
        PrometheusHistogram between = after.minus(before);
        assertEquals(9, between.count());
        assertEquals(Map.of("2.00", 4L, "4.00", 4L, "+Inf", 1L), between.nonEmptyBucketsMicros());
        assertEquals(23, between.plus(after).count());
    }

    @Test
    void percentilesInterpolateInsideTheirBucket() {
        // 4 samples in (1, 2] µs and 4 in (2, 4] µs: the nearest rank of p50 is the 4th, the end of the first bucket.
        PrometheusHistogram histogram = PrometheusHistogram.parse(scrape(0, 4, 8, 8), "kidsafe_consent_gate_seconds");
        assertEquals(2.0, histogram.percentileMicros(50), 1e-9);
        assertEquals(1.25, histogram.percentileMicros(1), 1e-9, "rank 1 of 4 in (1, 2]");
        assertEquals(3.5, histogram.percentileMicros(87.5), 1e-9, "rank 7: the 3rd of 4 in (2, 4]");
        assertEquals(4.0, histogram.percentileMicros(99), 1e-9);
    }

    @Test
    void aRankBeyondTheLastBoundGivesTheLastBoundAndNoSamplesNoFigure() {
        PrometheusHistogram histogram = PrometheusHistogram.parse(scrape(0, 0, 1, 2), "kidsafe_consent_gate_seconds");
        assertEquals(4.0, histogram.percentileMicros(99), 1e-9);
        assertTrue(Double.isNaN(histogram.minus(histogram).percentileMicros(50)));
    }

    @Test
    void refusesAScrapeWithoutTheHistogram() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusHistogram.parse("# nothing here\n", "kidsafe_consent_gate_seconds"));
    }
}

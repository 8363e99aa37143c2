package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErasureThroughputBenchmarkTest {

    private static final String SCRAPE = """
            # TYPE kidsafe_gateway_requests_seconds summary
            kidsafe_gateway_requests_seconds_count{method="DELETE",route="/api/v1/children/{id}",service="consent-service",status="202"} 40.0
            kidsafe_gateway_requests_seconds_sum{method="DELETE",route="/api/v1/children/{id}",service="consent-service",status="202"} 2.0
            kidsafe_gateway_requests_seconds_count{method="DELETE",route="/api/v1/children/{id}",service="consent-service",status="429"} 2.0
            kidsafe_gateway_requests_seconds_sum{method="DELETE",route="/api/v1/children/{id}",service="consent-service",status="429"} 0.5
            kidsafe_gateway_requests_seconds_count{method="GET",route="/api/v1/erasures/{id}",service="consent-service",status="200"} 900.0
            kidsafe_gateway_requests_seconds_sum{method="GET",route="/api/v1/erasures/{id}",service="consent-service",status="200"} 9.0
            """;

    @Test
    void theGatewaysDeleteTimerSumsEveryDeleteSeriesAndNothingElse() {
        assertArrayEquals(new double[] {2.5, 42.0}, ErasureThroughputBenchmark.deleteTimer(SCRAPE));
        assertArrayEquals(new double[] {0, 0}, ErasureThroughputBenchmark.deleteTimer("kidsafe_gateway_requests_seconds_count{method=\"GET\"} 3.0"));
    }

    @Test
    void aShareIsAPercentageOfTheErasuresTime() {
        assertEquals(12.5, ErasureThroughputBenchmark.share(125, 1_000));
        assertTrue(Double.isNaN(ErasureThroughputBenchmark.share(1, 0)));
    }
}

package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

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

    /** The benchmark reads the gateway's timer by method: every DELETE series summed, whatever its route and status. */
    @Test
    void theGatewaysDeleteTimerSumsEveryDeleteSeriesAndNothingElse() {
        PrometheusTimers byMethod = PrometheusTimers.of("kidsafe.gateway.requests", "method").plus(SCRAPE);
        assertEquals(2.5, byMethod.seconds("DELETE"));
        assertEquals(42.0, byMethod.count("DELETE"));
        assertEquals(0.0, PrometheusTimers.of("kidsafe.gateway.requests", "method")
                .plus("kidsafe_gateway_requests_seconds_count{method=\"GET\"} 3.0").count("DELETE"));
    }

    @Test
    void aShareIsAPercentageOfTheErasuresTime() {
        assertEquals(12.5, ErasureThroughputBenchmark.share(125, 1_000));
        assertTrue(Double.isNaN(ErasureThroughputBenchmark.share(1, 0)));
    }
}

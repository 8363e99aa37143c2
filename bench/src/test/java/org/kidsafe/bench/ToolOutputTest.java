package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The harness reads wrk's and openssl's printed summaries: these are their real formats. */
class ToolOutputTest {

    private static final String WRK = """
            Running 5s test @ http://127.0.0.1:8080/api/v1/children
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     4.21ms    2.10ms  40.12ms   80.00%
                Req/Sec     1.95k   210.33     2.40k    70.00%
              Latency Distribution
                 50%  812.00us
                 75%    5.10ms
                 90%    7.00ms
                 99%    1.20s
              19400 requests in 5.00s, 3.10MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 7
            Requests/sec:   3879.52
            Transfer/sec:    634.12KB
            """;

    @Test
    void readsThroughputPercentilesInMillisecondsAndFailures() {
        Wrk.Summary summary = Wrk.parse(WRK);
        assertEquals(3879.52, summary.requestsPerSecond());
        assertEquals(0.812, summary.p50Ms(), 1e-9);
        assertEquals(1200.0, summary.p99Ms(), 1e-9);
        assertEquals(19400, summary.requests());
        assertEquals(10, summary.failed(), "non-2xx answers and socket errors both count as failed");
    }

    @Test
    void refusesWhatIsNotAWrkSummary() {
        assertThrows(IllegalArgumentException.class, () -> Wrk.parse("wrk: command not found"));
    }

    @Test
    void readsOpensslSpeedInMegabytesPerSecond() {
        String output = """
                Doing AES-256-GCM for 1s on 16384 size blocks: 123456 AES-256-GCM's in 1.00s
                version: 3.0.19
                The 'numbers' are in 1000s of bytes per second processed.
                type          16384 bytes
                AES-256-GCM    2022703.10k
                """;
        assertEquals(2022.7031, OpensslSpeed.parse(output), 1e-6);
    }

    @Test
    void resultsFormatKeepsSignificantDigits() {
        assertEquals("0.81", Results.format(0.8123));
        assertEquals("12.3", Results.format(12.34));
        assertEquals("1234", Results.format(1234.4));
        assertEquals("n/a", Results.format(Double.NaN));
    }
}

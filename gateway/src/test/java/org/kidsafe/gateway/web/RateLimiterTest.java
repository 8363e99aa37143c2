package org.kidsafe.gateway.web;

import org.junit.jupiter.api.Test;
import org.kidsafe.gateway.config.GatewaySettings;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(bucket(2, 3), now::get);

    @Test
    void aBurstPassesThenTheCallerWaitsForTheRefill() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.acquire("address:10.0.0.1"));
        }
        assertEquals(Duration.ofMillis(500), limiter.acquire("address:10.0.0.1"));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(Duration.ZERO, limiter.acquire("address:10.0.0.1"));
        assertEquals(Duration.ofMillis(500), limiter.acquire("address:10.0.0.1"));
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("subject:a");
        }
        assertEquals(Duration.ZERO, limiter.acquire("subject:b"));
    }

    @Test
    void aLongPauseRefillsOnlyUpToTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("subject:a");
        }
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.acquire("subject:a"));
        }
        assertEquals(Duration.ofMillis(500), limiter.acquire("subject:a"));
    }

    private static GatewaySettings.Bucket bucket(double perSecond, int burst) {
        return new GatewaySettings.Bucket() {
            @Override
            public double requestsPerSecond() {
                return perSecond;
            }

            @Override
            public int burst() {
                return burst;
            }
        };
    }
}

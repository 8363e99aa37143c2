package org.kidsafe.gateway.web;

import org.kidsafe.gateway.config.GatewaySettings;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller key, in this replica's memory; buckets that have refilled completely are dropped to bound
 * memory. Per replica, so not the gateway's limit: {@link SharedRateLimiter} is, and falls back to this one only while
 * the gateway's database cannot be reached (issue 21 item 1).
 */
final class RateLimiter {

    /** Above this many tracked callers, full buckets are swept out. */
    private static final int SWEEP_ABOVE = 10_000;

    private final GatewaySettings.Bucket limits;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(GatewaySettings.Bucket limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** Counts one request of {@code caller}; zero if allowed, else how long to wait before retrying. */
    Duration acquire(String caller) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        long wait = buckets.computeIfAbsent(caller, key -> new TokenBucket(limits.requestsPerSecond(), limits.burst(), now))
                .take(now);
        return Duration.ofNanos(wait);
    }
}

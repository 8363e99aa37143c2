package org.kidsafe.gateway.web;

/**
 * Allows {@code burst} requests at once and {@code perSecond} on average. Time comes from the
 * caller (nanoseconds) so tests can drive it.
 */
final class TokenBucket {

    private final double perNano;
    private final int capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes one token; 0 if it was there, else the nanoseconds until one will be. */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Full and untouched since {@code now}: nothing is lost by forgetting it. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
    }
}

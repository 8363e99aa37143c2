package org.kidsafe.gateway.proxy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops sending to a service that keeps failing, so callers get a quick 503 instead of waiting on
 * timeouts. CLOSED counts consecutive failures; at the threshold it turns OPEN and refuses; after
 * {@code openFor} it lets exactly one trial through (HALF_OPEN): success closes it, failure opens it again.
 * <p>
 * Own code rather than SmallRye Fault Tolerance's breaker, because it guards a streamed Vert.x exchange: the
 * outcome is the answer's head (a 502/503/504 counts as a failure yet is still relayed to the client), which
 * SmallRye's exception-based, rolling-window breaker could only see if the answer were thrown and caught back.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    /** When the breaker opened, or when the current trial went out. */
    private long since;

    public CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoTime) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** True if a request may go out now; the caller must then report {@link #succeeded()} or {@link #failed()}. */
    public synchronized boolean tryAcquire() {
        if (state == State.CLOSED) {
            return true;
        }
        // A trial whose outcome never came back (caller gone) must not keep the breaker half-open forever.
        long now = nanoTime.getAsLong();
        if (now - since < openForNanos) {
            return false;
        }
        state = State.HALF_OPEN;
        since = now;
        return true;
    }

    public synchronized void succeeded() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    public synchronized void failed() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            since = nanoTime.getAsLong();
        }
    }

    public synchronized State state() {
        return state;
    }
}

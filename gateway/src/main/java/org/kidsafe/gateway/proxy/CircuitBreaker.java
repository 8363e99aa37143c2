package org.kidsafe.gateway.proxy;

import org.kidsafe.gateway.config.GatewaySettings;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Stops sending to a service that keeps failing, so callers get a quick 503 instead of waiting on timeouts.
 * <p>
 * CLOSED counts calls and failures over a sliding time window (in {@value #SLOTS} slots); once the window holds at least
 * {@code minimumCalls} calls of which at least {@code failureRatio} failed, it turns OPEN and refuses. After
 * {@code openFor} it is HALF_OPEN: {@code halfOpenProbes} trial calls go out; if all succeed it closes with an empty
 * window, the first failure opens it again.
 * <p>
 * Why a failure rate and not consecutive failures (issue 21 item 1): in Kubernetes the gateway calls a service's
 * Service address and kube-proxy spreads the calls over its pods, so one breaker stands for every pod of the service.
 * With a consecutive-failure count one bad pod of six could string a few failures together and open the breaker for
 * the five healthy ones too (for 30 s, as it was). A bad pod's share of the failures stays below the ratio, and it is
 * the readiness probe's job to take that pod out of the Service; the breaker opens only when the service as a whole
 * fails at a sustained rate.
 * <p>
 * Own code rather than SmallRye Fault Tolerance's breaker, because it guards a streamed Vert.x exchange: the outcome is
 * the answer's head (a 502/503/504 counts as a failure yet is still relayed to the client), which SmallRye's
 * annotation- and exception-based breaker could only see if the answer were thrown and caught back.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The window moves in steps of a tenth of its length: old outcomes leave it a slot at a time. */
    static final int SLOTS = 10;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long slotNanos;
    private final int minimumCalls;
    private final double failureRatio;
    private final long openForNanos;
    private final int halfOpenProbes;
    private final LongSupplier nanoTime;

    private final long[] slotIndex = new long[SLOTS];
    private final int[] calls = new int[SLOTS];
    private final int[] failures = new int[SLOTS];

    private State state = State.CLOSED;
    /** When the breaker opened, or when the current round of trials started. */
    private long since;
    private int probesSent;
    private int probesSucceeded;

    public CircuitBreaker(Duration window, int minimumCalls, double failureRatio, Duration openFor, int halfOpenProbes,
            LongSupplier nanoTime) {
        if (minimumCalls < 1 || halfOpenProbes < 1 || !(failureRatio > 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("minimumCalls and halfOpenProbes must be at least 1, failureRatio in (0, 1]");
        }
        this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
        this.minimumCalls = minimumCalls;
        this.failureRatio = failureRatio;
        this.openForNanos = openFor.toNanos();
        this.halfOpenProbes = halfOpenProbes;
        this.nanoTime = nanoTime;
        Arrays.fill(slotIndex, EMPTY);
    }

    public static CircuitBreaker of(GatewaySettings.Breaker settings, LongSupplier nanoTime) {
        return new CircuitBreaker(settings.window(), settings.minimumCalls(), settings.failureRatio(), settings.openFor(),
                settings.halfOpenProbes(), nanoTime);
    }

    /** True if a request may go out now; the caller must then report {@link #succeeded()} or {@link #failed()}. */
    public synchronized boolean tryAcquire() {
        if (state == State.CLOSED) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (state == State.OPEN) {
            if (now - since < openForNanos) {
                return false;
            }
            startTrials(now);
        } else if (probesSent >= halfOpenProbes) {
            // Trials whose outcome never came back (caller gone) must not keep the breaker half-open forever.
            if (now - since < openForNanos) {
                return false;
            }
            startTrials(now);
        }
        probesSent++;
        return true;
    }

    public synchronized void succeeded() {
        if (state == State.HALF_OPEN) {
            if (++probesSucceeded >= halfOpenProbes) {
                close();
            }
            return;
        }
        record(false);
    }

    public synchronized void failed() {
        if (state == State.HALF_OPEN) {
            open(nanoTime.getAsLong());
            return;
        }
        record(true);
    }

    public synchronized State state() {
        return state;
    }

    private void record(boolean failure) {
        long now = nanoTime.getAsLong();
        long index = Math.floorDiv(now, slotNanos);
        int slot = (int) Math.floorMod(index, SLOTS);
        if (slotIndex[slot] != index) {
            slotIndex[slot] = index;
            calls[slot] = 0;
            failures[slot] = 0;
        }
        calls[slot]++;
        if (failure) {
            failures[slot]++;
        }
        if (state == State.CLOSED && failure) {
            int windowCalls = 0;
            int windowFailures = 0;
            for (int i = 0; i < SLOTS; i++) {
                if (slotIndex[i] != EMPTY && index - slotIndex[i] < SLOTS) {
                    windowCalls += calls[i];
                    windowFailures += failures[i];
                }
            }
            if (windowCalls >= minimumCalls && windowFailures >= failureRatio * windowCalls) {
                open(now);
            }
        }
    }

    private void startTrials(long now) {
        state = State.HALF_OPEN;
        since = now;
        probesSent = 0;
        probesSucceeded = 0;
    }

    private void open(long now) {
        state = State.OPEN;
        since = now;
    }

    private void close() {
        state = State.CLOSED;
        Arrays.fill(slotIndex, EMPTY);
    }
}

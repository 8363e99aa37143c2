package org.kidsafe.gateway.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker opens on a sustained failure rate, not on one bad pod's share (issue 21 item 1); a fake clock drives it. */
class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    /** The defaults: 10 s window, 20 calls, half failed, 10 s open, 3 trials. */
    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(10), 20, 0.5, Duration.ofSeconds(10), 3,
            now::get);

    @Test
    void oneBadPodOfSixDoesNotOpenItEvenWithFailuresInARow() {
        // kube-proxy sends every sixth call to the bad pod for a whole minute; a few of its failures come back to back,
        // which opened the old consecutive-failure breaker (5 in a row) for the healthy pods too.
        for (int second = 0; second < 60; second++) {
            for (int call = 0; call < 30; call++) {
                assertTrue(breaker.tryAcquire());
                if (call % 6 == 0 || (second == 30 && call < 5)) {
                    breaker.failed();
                } else {
                    breaker.succeeded();
                }
            }
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aSustainedFailureRateOpensIt() {
        // Every other call fails: at the 20th call of the window the ratio is reached.
        for (int call = 1; call <= 19; call++) {
            assertTrue(breaker.tryAcquire());
            if (call % 2 == 0) {
                breaker.succeeded();
            } else {
                breaker.failed();
            }
            now.addAndGet(Duration.ofMillis(100).toNanos());
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "fewer calls than the minimum never open it");
        assertTrue(breaker.tryAcquire());
        breaker.failed();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void failuresThatLeftTheWindowNoLongerCount() {
        fail(15);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        succeed(10);
        fail(9);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "9 of the window's 19 calls failed");
        fail(1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "10 of 20");
    }

    @Test
    void itClosesOnceEveryHalfOpenTrialSucceeded() {
        fail(20);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        for (int trial = 0; trial < 3; trial++) {
            assertTrue(breaker.tryAcquire());
        }
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "no more than the trials at a time");
        breaker.succeeded();
        breaker.succeeded();
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        breaker.succeeded();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        // The window starts empty: the failures before it opened do not count again.
        fail(19);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aFailedTrialOpensAgainForAFullPeriod() {
        fail(20);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.succeeded();
        assertTrue(breaker.tryAcquire());
        breaker.failed();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void trialsWhoseOutcomeNeverCameBackDoNotBlockForever() {
        fail(20);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        for (int trial = 0; trial < 3; trial++) {
            assertTrue(breaker.tryAcquire());
        }
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(breaker.tryAcquire());
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.failed();
        }
    }

    private void succeed(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.succeeded();
        }
    }
}

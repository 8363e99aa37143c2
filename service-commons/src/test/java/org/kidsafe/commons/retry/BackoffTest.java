package org.kidsafe.commons.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void doublesPerFailedAttemptUpToTheCap() {
        assertEquals(Duration.ofMinutes(2), Backoff.after(1, LEASE, MAX));
        assertEquals(Duration.ofMinutes(4), Backoff.after(2, LEASE, MAX));
        assertEquals(Duration.ofMinutes(32), Backoff.after(5, LEASE, MAX));
        assertEquals(MAX, Backoff.after(6, LEASE, MAX), "64 minutes capped at an hour");
        assertEquals(MAX, Backoff.after(40, LEASE, MAX), "no overflow after many attempts");
    }
}

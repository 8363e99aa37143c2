package org.kidsafe.events.leases;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeasesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    @Test
    void attemptsBatchesUntilOneComesBackShort() {
        Deque<List<String>> batches = new ArrayDeque<>(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"), List.of("never")));
        List<String> attempted = new ArrayList<>();

        assertEquals(5, Leases.untilShortOrFailing(2, batches::poll, attempted::add));
        assertEquals(List.of("a", "b", "c", "d", "e"), attempted);
    }

    @Test
    void aFullBatchWithOneSuccessIsFollowedByAnother() {
        Deque<List<String>> batches = new ArrayDeque<>(List.of(List.of("a", "fails"), List.of("c"), List.of("never")));

        assertEquals(2, Leases.untilShortOrFailing(2, batches::poll, item -> !item.equals("fails")));
        assertEquals(1, batches.size(), "one failure does not stop the run: the remote side answers");
    }

    @Test
    void aFullBatchThatAllFailedEndsTheRun() {
        Deque<List<String>> batches = new ArrayDeque<>(List.of(List.of("a", "b"), List.of("never")));

        assertEquals(0, Leases.untilShortOrFailing(2, batches::poll, item -> false));
        assertEquals(1, batches.size(), "the remote side is down: the rest waits for a later run");
    }

    @Test
    void aClaimCountsTheAttemptAndLeasesTheRowDoublingPerFailureUpToTheCap() {
        LeasedRow row = new LeasedRow() { };

        row.claim(NOW, LEASE, MAX_BACKOFF);
        assertEquals(1, row.attempts);
        assertEquals(NOW.plus(LEASE), row.dueAt);

        row.claim(NOW, LEASE, MAX_BACKOFF);
        assertEquals(2, row.attempts);
        assertEquals(NOW.plus(LEASE.multipliedBy(2)), row.dueAt);

        row.attempts = 10;
        row.claim(NOW, LEASE, MAX_BACKOFF);
        assertEquals(NOW.plus(MAX_BACKOFF), row.dueAt);
    }
}

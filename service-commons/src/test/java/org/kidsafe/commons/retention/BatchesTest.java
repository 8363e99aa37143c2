package org.kidsafe.commons.retention;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchesTest {

    @Test
    void claimsUntilABatchComesBackShort() {
        Deque<List<String>> batches = new ArrayDeque<>(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"), List.of("never")));
        List<String> sent = new ArrayList<>();

        assertEquals(5, Batches.claimThenSend(2, batches::poll, sent::add));
        assertEquals(List.of("a", "b", "c", "d", "e"), sent);
    }

    @Test
    void aFailedSendEndsTheRunAfterItsBatch() {
        Deque<List<String>> batches = new ArrayDeque<>(List.of(List.of("a", "fails"), List.of("c", "d"), List.of("never")));
        List<String> sent = new ArrayList<>();

        assertEquals(1, Batches.claimThenSend(2, batches::poll, item -> !item.equals("fails") && sent.add(item)));
        assertEquals(List.of("a"), sent, "the batch after the failure is left to a later run");
        assertEquals(2, batches.size());
    }
}

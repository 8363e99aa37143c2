package org.kidsafe.events.inbox;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records of different keys are handled at once, one key's one after the other in arrival order, each acknowledged only
 * after its handler returned (issue 21 item 3). Handlers wait on latches the test opens, never on sleeps.
 */
class KeyOrderedDispatchTest {

    private static final long WAIT_SECONDS = 10;

    private final KeyOrderedDispatch dispatch = new KeyOrderedDispatch("test-dispatch", 2);
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    /** One permit per acknowledgement or nack. */
    private final Semaphore settled = new Semaphore(0);

    @AfterEach
    void stop() {
        dispatch.close();
    }

    @Test
    void recordsOfTwoKeysAreHandledAtOnce() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable meetTheOther = () -> {
            bothInside.countDown();
            await(release);
        };

        dispatch.dispatch(record("child-a", "a1"), payload -> meetTheOther.run());
        dispatch.dispatch(record("child-b", "b1"), payload -> meetTheOther.run());

        assertTrue(bothInside.await(WAIT_SECONDS, TimeUnit.SECONDS), "the second key's record waited for the first's");
        assertTrue(outcomes.isEmpty(), "no record is acknowledged before its handler returned: " + outcomes);
        release.countDown();
        awaitOutcomes(2);
        assertEquals(Map.of("a1", "ack", "b1", "ack"), outcomes);
    }

    @Test
    void oneKeysRecordsAreHandledOneAfterTheOtherInArrivalOrder() throws Exception {
        dispatch.close();
        KeyOrderedDispatch wide = new KeyOrderedDispatch("test-wide", 8);
        try {
            List<String> handled = new CopyOnWriteArrayList<>();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostInside = new AtomicInteger();
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                String payload = "a" + i;
                wide.dispatch(record("child-a", payload), p -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    firstInside.countDown();
                    await(release);
                    handled.add(p);
                    inside.decrementAndGet();
                });
            }
            assertTrue(firstInside.await(WAIT_SECONDS, TimeUnit.SECONDS));
            release.countDown();
            awaitOutcomes(6);
            assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "a5"), handled);
            assertEquals(1, mostInside.get(), "two records of one key were handled at once");
        } finally {
            wide.close();
        }
    }

    @Test
    void aFailedRecordIsNackedAndTheNextOfItsKeyStillRuns() throws Exception {
        dispatch.dispatch(record("child-a", "poison"), payload -> {
            throw new IllegalStateException("cannot apply " + payload);
        });
        dispatch.dispatch(record("child-a", "next"), payload -> {
        });
        awaitOutcomes(2);
        assertEquals(Map.of("poison", "nack", "next", "ack"), outcomes);
    }

    /** Beyond the concurrency, dispatching waits on the channel's thread: records do not pile up in memory. */
    @Test
    void aRecordBeyondTheConcurrencyWaitsToBeDispatched() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        dispatch.dispatch(record("child-a", "a1"), payload -> await(release));
        dispatch.dispatch(record("child-b", "b1"), payload -> await(release));

        CompletableFuture<Void> third = CompletableFuture.runAsync(() ->
                dispatch.dispatch(record("child-c", "c1"), payload -> {
                }));
        assertFalse(waitsLongerThan(third), "a third record was queued while two were in flight");
        release.countDown();
        third.get(WAIT_SECONDS, TimeUnit.SECONDS);
        awaitOutcomes(3);
    }

    private boolean waitsLongerThan(CompletableFuture<Void> future) {
        try {
            future.get(300, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Message<String> record(String key, String payload) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("topic", 0, 0, key, payload);
        return Message.of(payload, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "channel")),
                () -> {
                    outcomes.put(payload, "ack");
                    settled.release();
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcomes.put(payload, "nack");
                    settled.release();
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void awaitOutcomes(int count) throws InterruptedException {
        assertTrue(settled.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS), "outcomes: " + outcomes);
        assertEquals(count, outcomes.size(), "outcomes: " + outcomes);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

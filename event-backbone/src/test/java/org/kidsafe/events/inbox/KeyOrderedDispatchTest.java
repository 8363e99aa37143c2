package org.kidsafe.events.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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

    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final KeyOrderedDispatch dispatch = new KeyOrderedDispatch("test-dispatch", 2, metrics);
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
        KeyOrderedDispatch wide = new KeyOrderedDispatch("test-wide", 8, metrics);
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

    /**
     * Beyond the concurrency, a record waits for a slot without blocking the channel's thread (its event loop): the stage
     * dispatch returns completes, and the handler runs, only once a record in flight was handled.
     */
    @Test
    void aRecordBeyondTheConcurrencyWaitsForASlotWithoutBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(dispatch.dispatch(record("child-a", "a1"), payload -> await(release)).toCompletableFuture().isDone());
        assertTrue(dispatch.dispatch(record("child-b", "b1"), payload -> await(release)).toCompletableFuture().isDone());
        CountDownLatch thirdHandled = new CountDownLatch(1);

        CompletableFuture<Void> third = dispatch.dispatch(record("child-c", "c1"), payload -> thirdHandled.countDown()).toCompletableFuture();

        assertFalse(third.isDone(), "a third record got a slot while two were in flight");
        assertFalse(thirdHandled.await(300, TimeUnit.MILLISECONDS), "the third record was handled while two were in flight");
        release.countDown();
        third.get(WAIT_SECONDS, TimeUnit.SECONDS);
        awaitOutcomes(3);
        assertEquals(Map.of("a1", "ack", "b1", "ack", "c1", "ack"), outcomes);
    }

    /** Records waiting for a slot get one in the order they were handed over, so one key's order holds across the wait. */
    @Test
    void recordsWaitingForASlotKeepTheirOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        dispatch.dispatch(record("child-a", "a0"), payload -> await(release));
        dispatch.dispatch(record("child-b", "b0"), payload -> await(release));
        for (int i = 1; i <= 4; i++) {
            dispatch.dispatch(record("child-c", "c" + i), handled::add);
        }
        release.countDown();
        awaitOutcomes(6);
        assertEquals(List.of("c1", "c2", "c3", "c4"), handled);
    }

    /**
     * A record stamped by {@link PolledAtInterceptor} 250 ms after its producer's time: the broker stage gets those
     * 250 ms, and the channel, queue and handler stages one record each, so a Kafka hop splits where it waits.
     */
    @Test
    void eachStageOfARecordsWayInIsTimed() throws Exception {
        Instant produced = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        ConsumerRecord<Object, Object> polled = new ConsumerRecord<>("topic", 0, 0, produced.toEpochMilli(), TimestampType.CREATE_TIME,
                0, 0, "child-a", "a1", new RecordHeaders(), Optional.empty());
        new PolledAtInterceptor().onConsume(new ConsumerRecords<>(Map.of(new TopicPartition("topic", 0), List.of(polled))));
        Instant polledAt = PolledAtInterceptor.polledAt(polled.headers()).orElseThrow();
        assertTrue(!polledAt.isBefore(produced.plusSeconds(1)), "the stamp is the poll's time: " + polledAt);
        // The stamp moved to 250 ms after the record's time, so the broker stage has a known length.
        polled.headers().add(PolledAtInterceptor.HEADER,
                ByteBuffer.allocate(Long.BYTES).putLong(ChronoUnit.MICROS.between(Instant.EPOCH, produced.plusMillis(250))).array());

        dispatch.dispatch(message(polled), payload -> {
        });
        awaitOutcomes(1);

        assertEquals(Duration.ofMillis(250).toNanos(), (long) stage("broker").totalTime(TimeUnit.NANOSECONDS),
                "the broker stage runs from the record's time to the last poll stamp");
        for (String stage : List.of("broker", "channel", "queue", "handler")) {
            assertEquals(1, stage(stage).count(), stage);
        }
    }

    @Test
    void aRecordWithoutAPollStampTimesOnlyTheServicesOwnStages() throws Exception {
        dispatch.dispatch(record("child-a", "a1"), payload -> {
        });
        awaitOutcomes(1);
        assertEquals(0, stage("broker").count());
        assertEquals(0, stage("channel").count());
        assertEquals(1, stage("queue").count());
        assertEquals(1, stage("handler").count());
    }

    private Timer stage(String stage) {
        return metrics.get(KeyOrderedDispatch.TIMER).tag("channel", "test-dispatch").tag("stage", stage).timer();
    }

    private Message<String> record(String key, String payload) {
        return message(new ConsumerRecord<>("topic", 0, 0, key, payload));
    }

    private <K, V> Message<String> message(ConsumerRecord<K, V> record) {
        String payload = String.valueOf(record.value());
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

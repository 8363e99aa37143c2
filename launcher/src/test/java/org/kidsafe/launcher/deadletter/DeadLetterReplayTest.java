package org.kidsafe.launcher.deadletter;

import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.TopicProbe;
import org.kidsafe.embedded.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parked events go back to their own topic once each, as they were, over a real broker. */
class DeadLetterReplayTest {

    private final KafkaBroker kafka = RealInfrastructure.shared().kafka();
    private final DeadLetterReplay replay = new DeadLetterReplay(kafka.adminConfig());
    private final TopicProbe topics = new TopicProbe(kafka);
    // A consumer group of its own, so this test's dead-letter topic is new whatever ran before on the broker.
    private final String deadLetters = Topics.deadLetter(Topics.CONSENT, "replay-test-" + UUID.randomUUID());
    private final String run = UUID.randomUUID().toString();

    @Test
    void parkedEventsGoBackToTheirTopicOnceWithKeyValueAndOwnHeaders() {
        park("child-1", "event-1");
        park("child-2", "event-2");
        assertEquals(2, replay.waiting().get(deadLetters));

        assertEquals(2, replay.replay(deadLetters));

        // Keyed by child as before, so the two may come back on different partitions: compared in key order.
        List<ConsumerRecord<String, String>> back = replayed(2).stream().sorted(Comparator.comparing(ConsumerRecord::key)).toList();
        assertEquals(List.of("child-1 " + run + "event-1", "child-2 " + run + "event-2"),
                back.stream().map(record -> record.key() + " " + record.value()).toList());
        ConsumerRecord<String, String> first = back.get(0);
        assertEquals("kept", header(first, "trace"));
        assertNull(header(first, "dead-letter-reason"), "why it was parked does not travel back");
        assertEquals(deadLetters + "/0/0", header(first, DeadLetterReplay.REPLAYED_FROM));

        assertEquals(0, replay.waiting().get(deadLetters));
        assertEquals(0, replay.replay(deadLetters), "what was replayed is not replayed again");
    }

    @Test
    void eventsParkedAfterAReplayWaitForTheNextOne() {
        park("child-1", "event-1");
        assertEquals(1, replay.replay(deadLetters));

        park("child-1", "event-2");
        assertEquals(1, replay.waiting().get(deadLetters));
        assertEquals(1, replay.replay(deadLetters));

        assertEquals(List.of(run + "event-1", run + "event-2"), replayed(2).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void onlyTheNamedDeadLetterTopicsOfTheEventTopicsAreReplayed() {
        assertEquals(Topics.ERASURE_REQUESTS, DeadLetterReplay.sourceOf("kidsafe.erasure.requests.media-service.dlq"));
        assertEquals(Topics.MEDIA_ERASURE_REPORTS, DeadLetterReplay.sourceOf("kidsafe.media.erasure-reports.consent-service.dlq"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterReplay.sourceOf("kidsafe.erasure.requests.dlq"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterReplay.sourceOf("payments.media-service.dlq"));
        assertThrows(IllegalArgumentException.class, () -> replay.replay(Topics.deadLetter(Topics.PROFILE, "never-parked-" + run)));
    }

    /** What SmallRye's dead-letter strategy writes: the record as consumed, plus why it was parked. */
    private void park(String key, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(deadLetters, 0, key, run + value);
        record.headers().add("trace", "kept".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-reason", "database unreachable".getBytes(StandardCharsets.UTF_8));
        topics.send(record);
    }

    private List<ConsumerRecord<String, String>> replayed(int expected) {
        return topics.readAll(Topics.CONSENT, record -> record.value().startsWith(run), expected, Duration.ofSeconds(30));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

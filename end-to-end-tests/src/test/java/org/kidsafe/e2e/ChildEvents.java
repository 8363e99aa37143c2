package org.kidsafe.e2e;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** The events about one child that really crossed the broker, read from the start of a real topic. */
final class ChildEvents {

    /** The most one read of a topic to its end may take. */
    private static final Duration ONE_READ = Duration.ofSeconds(30);

    private ChildEvents() {
    }

    static TopicProbe probe() {
        return new TopicProbe(RunningPlatform.get().kafka());
    }

    /** A consent event, not the guardian set the child's registration announces on the same topic (issue 19 item 4). */
    static boolean isConsentChange(EventEnvelope event) {
        return !"ChildGuardiansChanged".equals(event.type());
    }

    /**
     * Waits until at least {@code atLeast} matching events are on the topic and its producer's outbox holds nothing more
     * about the child (the relay deletes a row once the broker has it, so every event of a committed change is then on
     * the topic); returns all of them, in order. Each look reads the topic to its current end instead of listening for a
     * fixed five seconds as before: the answer comes as soon as the events are there, and the empty outbox, checked
     * before the read, covers every event of a change committed by then, which a fixed window did not.
     */
    static List<EventEnvelope> published(String topic, UUID child, int atLeast, Predicate<EventEnvelope> matching, Duration timeout) {
        List<EventEnvelope> found = new ArrayList<>();
        TopicProbe probe = probe();
        String producer = TopicAccess.ownerOf(topic);
        await().atMost(timeout).until(() -> {
            found.clear();
            long unpublished = ServiceRows.count(producer, "SELECT count(*) FROM outbox_event WHERE topic = ? AND record_key = ?",
                    topic, child.toString());
            for (ConsumerRecord<String, String> record : probe.readToEnd(topic, record -> record.key().equals(child.toString()), ONE_READ)) {
                EventEnvelope event = EventCodec.decode(record.value());
                if (matching.test(event)) {
                    found.add(event);
                }
            }
            return unpublished == 0 && found.size() >= atLeast;
        });
        return found;
    }

    /** Distinct event ids among them: a relay may deliver one event twice, which consumers absorb, but never lose or invent one. */
    static long distinct(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::id).distinct().count();
    }
}

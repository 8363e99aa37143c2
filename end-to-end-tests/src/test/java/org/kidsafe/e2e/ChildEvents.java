package org.kidsafe.e2e;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** The events about one child that really crossed the broker, read from the start of a real topic. */
final class ChildEvents {

    private static final Duration ONE_READ = Duration.ofSeconds(5);

    private ChildEvents() {
    }

    static TopicProbe probe() {
        return new TopicProbe(RunningPlatform.get().kafka());
    }

    /** Waits until at least {@code atLeast} matching events are on the topic; returns all of them, in order. */
    static List<EventEnvelope> published(String topic, UUID child, int atLeast, Predicate<EventEnvelope> matching, Duration timeout) {
        List<EventEnvelope> found = new ArrayList<>();
        TopicProbe probe = probe();
        await().atMost(timeout).until(() -> {
            found.clear();
            for (ConsumerRecord<String, String> record : probe.readAll(topic, record -> record.key().equals(child.toString()),
                    Integer.MAX_VALUE, ONE_READ)) {
                EventEnvelope event = EventCodec.decode(record.value());
                if (matching.test(event)) {
                    found.add(event);
                }
            }
            return found.size() >= atLeast;
        });
        return found;
    }

    /** Distinct event ids among them: a relay may deliver one event twice, which consumers absorb, but never lose or invent one. */
    static long distinct(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::id).distinct().count();
    }
}

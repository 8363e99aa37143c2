package org.kidsafe.events.inbox;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Stamps each record with the moment its consumer's {@code poll()} returned it (header {@value #HEADER}, microseconds
 * since the epoch), so {@link KeyOrderedDispatch} can split a Kafka hop in two: the producer, the broker and the fetch
 * before it, the service's own channel and queue after it. Issue 21 item 3 asks where an erasure waits; a hop timed from
 * the record's time to the handler alone could not tell a busy broker from a consumer thread the records queue for.
 * <p>
 * Kafka's own interceptor hook, set once for every incoming channel (event-backbone's
 * {@code microprofile-config.properties}); it runs on the channel's polling thread and adds one header per record.
 */
public final class PolledAtInterceptor implements ConsumerInterceptor<Object, Object> {

    static final String HEADER = "kidsafe-polled-at";

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        byte[] now = ByteBuffer.allocate(Long.BYTES).putLong(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now())).array();
        for (ConsumerRecord<Object, Object> record : records) {
            record.headers().add(HEADER, now);
        }
        return records;
    }

    /** When the record's poll returned it; empty when no consumer stamped it (a test's record, a channel without the hook). */
    static Optional<Instant> polledAt(Headers headers) {
        Header stamp = headers == null ? null : headers.lastHeader(HEADER);
        if (stamp == null || stamp.value() == null || stamp.value().length != Long.BYTES) {
            return Optional.empty();
        }
        return Optional.of(Instant.EPOCH.plus(ByteBuffer.wrap(stamp.value()).getLong(), ChronoUnit.MICROS));
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Nothing to time at commit.
    }

    @Override
    public void close() {
        // Holds nothing.
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // No settings.
    }
}

package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.embedded.Pause;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the saga's events reached Kafka: each record's timestamp (CreateTime, set by the sending service's producer
 * when its outbox relay sent it, by the same machine's clock), read from the request topic and the participants'
 * report topics as the platform's admin. The receipt states every other hop (issue 22 item 2); these two split the
 * hops that cross Kafka into the sender's relay and the receiver's consumer. Nothing here is trusted: the receipt
 * that states the hops is verified by the benchmark.
 */
final class ErasureReports implements AutoCloseable {

    private static final String REQUEST = "request";

    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean open = true;

    /** @param clientConfig the brokers and a login that may read the saga's topics (the platform's admin) */
    ErasureReports(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = List.of(Topics.ERASURE_REQUESTS, Topics.PROFILE_ERASURE_REPORTS, Topics.MEDIA_ERASURE_REPORTS).stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(() -> {
            try (consumer) {
                while (open) {
                    for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(100))) {
                        remember(event);
                    }
                }
            }
        }, "bench-erasure-reports");
        reader.setDaemon(true);
        reader.start();
    }

    /** The first copy of each request and report counts: a request asked again (overdue) is not the parent's. */
    private void remember(ConsumerRecord<String, String> record) {
        try {
            EventEnvelope envelope = EventCodec.decode(record.value());
            JsonNode payload = envelope.payload();
            String erasureId = payload.path("erasureId").asText();
            String who = envelope.type().equals("ErasureRequested") ? REQUEST : payload.path("service").asText();
            sent.putIfAbsent(erasureId + "/" + who, Instant.ofEpochMilli(record.timestamp()));
        } catch (RuntimeException e) {
            // Not an event of interest: the benchmark only needs requests and reports.
        }
    }

    /** When consent-service's relay sent the erasure's request, waiting a little for it to be read. */
    Optional<Instant> requestSent(String erasureId, Duration wait) {
        return await(erasureId + "/" + REQUEST, wait);
    }

    /** When the participant's relay sent its report, waiting a little for it to be read. */
    Optional<Instant> reportSent(String erasureId, String service, Duration wait) {
        return await(erasureId + "/" + service, wait);
    }

    private Optional<Instant> await(String key, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            Instant at = sent.get(key);
            if (at != null) {
                return Optional.of(at);
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            Pause.of(Duration.ofMillis(20));
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join(5_000);
    }
}

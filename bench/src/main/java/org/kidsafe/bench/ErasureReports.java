package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompletedV2;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.KeycloakTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services' signed erasure reports, read from each participant's report topic as consent-service reads
 * them: the receipt carries each service's completion time, but only a service's own report says when
 * the child's data became unreadable (its key destroyed). The claims are read, not verified: the
 * receipt that covers them is verified by the benchmark.
 */
final class ErasureReports implements AutoCloseable {


    private final Map<String, JsonNode> claims = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean open = true;

    /** @param clientConfig the brokers and a login that may read the report topics (the platform's admin) */
    ErasureReports(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = List.of(Topics.PROFILE_ERASURE_REPORTS, Topics.MEDIA_ERASURE_REPORTS).stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(() -> {
            try (consumer) {
                while (open) {
                    for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(100))) {
                        remember(event.value());
                    }
                }
            }
        }, "bench-erasure-reports");
        reader.setDaemon(true);
        reader.start();
    }

    private void remember(String json) {
        try {
            if (EventCodec.payload(EventCodec.decode(json)) instanceof ErasureCompletedV2 completed) {
                claims.put(completed.erasureId() + "/" + completed.service(), KeycloakTokens.payload(completed.signedReport()));
            }
        } catch (RuntimeException e) {
            // Not an event of interest (or one of another schema): the benchmark only needs the reports.
        }
    }

    /** The time the service's report gives for a claim, waiting a little for the event to arrive. */
    Optional<Instant> time(String erasureId, String service, String claim, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            JsonNode report = claims.get(erasureId + "/" + service);
            if (report != null && report.hasNonNull(claim)) {
                return Optional.of(Instant.parse(report.path(claim).asText()));
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

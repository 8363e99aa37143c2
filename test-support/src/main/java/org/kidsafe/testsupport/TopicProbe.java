package org.kidsafe.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kidsafe.embedded.KafkaBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Reads and writes raw records on a real topic, for tests that check what really crossed the broker. It logs in as
 * the broker's admin (the platform's own super user), or as whoever's client settings it is given.
 */
public final class TopicProbe {

    private final Map<String, Object> clientConfig;

    public TopicProbe(KafkaBroker kafka) {
        this(kafka.adminConfig());
    }

    /** @param clientConfig the brokers and the login, as any Kafka client takes them */
    public TopicProbe(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends one record as given (partition, headers) and waits for the broker's acknowledgement. */
    public void send(ProducerRecord<String, String> record) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Broker refused the record", e);
        }
    }

    /** Reads the topic from the beginning until a record matches, or the timeout passes (then null). */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> matching, Duration timeout) {
        List<ConsumerRecord<String, String>> found = readAll(topic, matching, 1, timeout);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every matching record seen on the topic within the given time, reading from the beginning. */
    public List<ConsumerRecord<String, String>> readAll(String topic, Predicate<ConsumerRecord<String, String>> matching, int enough,
                                                        Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < enough && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every matching record on the topic from its beginning to its end as it is when called: each partition is read to
     * the end offset it had then, without a consumer group, so this returns as soon as that is read instead of after a
     * fixed wait. What is published afterwards is not seen: call again (e.g. from an await) for more.
     *
     * @param timeout how long the whole read may take before it fails
     */
    public List<ConsumerRecord<String, String>> readToEnd(String topic, Predicate<ConsumerRecord<String, String>> matching, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, timeout) < end.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + topic + " to its end " + end + " within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}

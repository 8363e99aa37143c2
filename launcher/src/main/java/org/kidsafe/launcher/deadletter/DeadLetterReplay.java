package org.kidsafe.launcher.deadletter;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kidsafe.events.Topics;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the events parked on a dead-letter topic back to the topic they came from, each once, after
 * whatever parked them (a database down for longer than the inbox retries, a bug) has been mended.
 * It is safe because every consumer is idempotent (the inbox skips an event it applied before) and
 * the projections keep the newest change: consumers that had applied an event ignore it, the one that
 * parked it gets another try. What a replay took is remembered as the committed offsets of one
 * consumer group; records parked while it runs wait for the next replay, so a poison event cannot loop.
 */
public final class DeadLetterReplay {

    /** The consumer group whose committed offsets record what was replayed already. */
    public static final String GROUP = "kidsafe-dead-letter-replay";
    /** Names the dead-letter record a replayed record came from: {@code topic/partition/offset}. */
    public static final String REPLAYED_FROM = "kidsafe-replayed-from";
    /** Headers SmallRye's dead-letter strategy adds (reason, cause, original offset); they do not travel back. */
    private static final String DEAD_LETTER_HEADERS = "dead-letter-";
    private static final String DEAD_LETTER_SUFFIX = ".dlq";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Kafka client settings shared by the replay's admin, consumer and producer clients. */
    private final Map<String, Object> connection;

    /**
     * @param connection the brokers ({@code bootstrap.servers}) and, on a secured cluster, how to reach them
     *                   ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) as any Kafka client takes them
     */
    public DeadLetterReplay(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
    }

    /** The topic a dead-letter topic's events came from, by the platform's naming ({@link Topics#deadLetter}). */
    public static String sourceOf(String deadLetterTopic) {
        return Topics.ALL.stream()
                .filter(topic -> deadLetterTopic.startsWith(topic + ".") && deadLetterTopic.endsWith(DEAD_LETTER_SUFFIX)
                        && deadLetterTopic.length() > topic.length() + 1 + DEAD_LETTER_SUFFIX.length())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(deadLetterTopic
                        + " is not a KidSafe dead-letter topic (<topic>.<consumer group>.dlq of " + Topics.ALL + ")"));
    }

    /** Every dead-letter topic on the broker, with how many of its records have not been replayed yet. */
    public SortedMap<String, Long> waiting() {
        SortedMap<String, Long> waiting = new TreeMap<>();
        try (Admin admin = Admin.create(connection);
             KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Set<String> topics = admin.listTopics().names().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            for (String topic : topics) {
                if (topic.endsWith(DEAD_LETTER_SUFFIX)) {
                    List<TopicPartition> partitions = partitionsOf(consumer, topic);
                    Map<TopicPartition, Long> from = replayedUpTo(consumer, partitions);
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    waiting.put(topic, partitions.stream().mapToLong(p -> end.get(p) - from.get(p)).sum());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not list the topics of " + connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), e);
        }
        return waiting;
    }

    /**
     * Replays what the dead-letter topic held when called, keys, values and headers kept.
     *
     * @return how many records went back to their topic
     */
    public int replay(String deadLetterTopic) {
        String source = sourceOf(deadLetterTopic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, deadLetterTopic);
            consumer.assign(partitions);
            replayedUpTo(consumer, partitions).forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + deadLetterTopic + " to its end in " + PATIENCE);
                }
                for (ConsumerRecord<byte[], byte[]> parked : consumer.poll(Duration.ofMillis(500))) {
                    if (parked.offset() < end.get(new TopicPartition(parked.topic(), parked.partition()))) {
                        sent.add(producer.send(new ProducerRecord<>(source, null, parked.key(), parked.value(), headersOf(parked))));
                    }
                }
            }
            awaitAll(sent);
            // Only after every record is on its topic: a replay that fails half-way is done again, never skipped.
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            end.forEach((partition, offset) -> done.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(done);
            return sent.size();
        }
    }

    private static RecordHeaders headersOf(ConsumerRecord<byte[], byte[]> parked) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : parked.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADERS)) {
                headers.add(header);
            }
        }
        String from = parked.topic() + "/" + parked.partition() + "/" + parked.offset();
        headers.add(REPLAYED_FROM, from.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("No topic " + topic + " on the broker");
        }
        return partitions;
    }

    /** Per partition, the first offset not replayed yet: the group's committed offset, or the topic's beginning. */
    private static Map<TopicPartition, Long> replayedUpTo(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            from.put(partition, offset == null ? beginning.get(partition) : Math.max(offset.offset(), beginning.get(partition)));
        }
        return from;
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> send : sent) {
                send.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("A replayed record was not accepted by the broker; nothing is marked replayed", e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * {@code DeadLetterReplay [--config FILE] BOOTSTRAP_SERVERS list} shows what waits on each dead-letter
     * topic; {@code ... replay TOPIC|--all} sends it back. FILE holds Kafka client properties for a secured
     * cluster (security.protocol, sasl.jaas.config, ssl.truststore.location, ...).
     */
    public static void main(String[] args) throws IOException {
        List<String> words = new ArrayList<>(List.of(args));
        Map<String, Object> connection = new HashMap<>();
        if (words.size() > 1 && words.get(0).equals("--config")) {
            Properties properties = new Properties();
            try (Reader file = Files.newBufferedReader(Path.of(words.get(1)))) {
                properties.load(file);
            }
            properties.forEach((name, value) -> connection.put((String) name, value));
            words = words.subList(2, words.size());
        }
        boolean list = words.size() == 2 && words.get(1).equals("list");
        boolean replayOne = words.size() == 3 && words.get(1).equals("replay");
        if (!list && !replayOne) {
            System.err.println("usage: DeadLetterReplay [--config KAFKA_CLIENT_PROPERTIES] BOOTSTRAP_SERVERS "
                    + "list | replay DEAD_LETTER_TOPIC | replay --all");
            System.exit(2);
        }
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, words.get(0));
        DeadLetterReplay replay = new DeadLetterReplay(connection);
        try {
            if (list) {
                SortedMap<String, Long> waiting = replay.waiting();
                waiting.forEach((topic, count) -> System.out.println(count + " waiting on " + topic));
                if (waiting.isEmpty()) {
                    System.out.println("No dead-letter topic yet: no consumer has parked an event.");
                }
                return;
            }
            List<String> topics = words.get(2).equals("--all") ? List.copyOf(replay.waiting().keySet()) : List.of(words.get(2));
            for (String topic : topics) {
                System.out.println(replay.replay(topic) + " replayed from " + topic + " to " + sourceOf(topic));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}

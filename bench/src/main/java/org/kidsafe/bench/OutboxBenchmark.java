package org.kidsafe.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.LocalCertificateAuthority;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;
import org.kidsafe.events.outbox.OutboxRelay;
import org.kidsafe.events.schema.ProfileExpired;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * (7) The outbox relay's sending (issue 22 item 3): batches of 200 events, each sent at once and acknowledged in order
 * by {@link OutboxRelay#sendInOrder}, with the relay's own producer ({@link OutboxRelay#producerConfig}: idempotent,
 * acks=all) and {@link OutboxRelay#MAX_IN_FLIGHT} requests in flight, against the same producer with one request in
 * flight (the previous release). Rounds interleaved, one thread each, against an embedded KRaft broker as the local
 * platform runs it (SCRAM, ACLs), logged in as profile-service with only its own ACLs (WRITE on its topics, no
 * IDEMPOTENT_WRITE). The database side of the relay (read a batch, delete it, commit) is the same in both and left
 * out: this isolates what the broker round trips cost.
 */
final class OutboxBenchmark {

    private static final String NAME = "outbox";
    private static final int BATCH = 200;
    private static final int CHILDREN = 50;
    private static final int PARTITIONS = 3;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    private static final long WINDOW_NANOS = 2_000_000_000L;
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final String PREVIOUS = "previous release: 1 request in flight, no linger";
    private static final String NOW = "the relay now: " + OutboxRelay.MAX_IN_FLIGHT + " in flight, batch flushed whole";

    private final Settings settings;
    private final Results results;

    OutboxBenchmark(Settings settings, Results results) {
        this.settings = settings;
        this.results = results;
    }

    void run() throws Exception {
        Path data = settings.root().resolve("bench/target/outbox-kafka");
        Directories.deleteRecursively(data);
        KafkaCredentials admin = new KafkaCredentials("kidsafe-admin", UUID.randomUUID().toString());
        KafkaCredentials service = new KafkaCredentials(TopicAccess.PROFILE_SERVICE, UUID.randomUUID().toString());
        try (KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), FreePorts.find(), FreePorts.find(), admin,
                LocalCertificateAuthority.in(data.resolve("tls")))) {
            kafka.createTopics(PARTITIONS, Topics.PROFILE);
            kafka.authorise(Map.of(service, TopicAccess.of(TopicAccess.PROFILE_SERVICE).aclBindings()));
            Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
            variants.put(PREVIOUS, previousRelease(kafka.clientConfig(service), 1));
            variants.put(NOW, OutboxRelay.producerConfig(kafka.clientConfig(service), SEND_TIMEOUT));
            compare(variants, records());
        } finally {
            Directories.deleteRecursively(data);
        }
    }

    private static Map<String, Object> previousRelease(Map<String, Object> connection, int inFlight) {
        Map<String, Object> config = new HashMap<>(OutboxRelay.producerConfig(connection, SEND_TIMEOUT));
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, inFlight);
        // As the previous release sent: no linger (so its flush is a no-op), the default batch size.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.remove(ProducerConfig.BATCH_SIZE_CONFIG);
        return config;
    }

    /** One batch of real envelopes (ProfileExpired, about 300 bytes), keyed by 50 children as the outbox keys them. */
    private static List<ProducerRecord<String, String>> records() {
        List<UUID> children = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            children.add(UUID.randomUUID());
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            UUID child = children.get(i % CHILDREN);
            String envelope = EventCodec.encode(EventCodec.envelope(child, new ProfileExpired(UUID.randomUUID(), ProfileExpired.INACTIVITY,
                    Instant.now()), Instant.now()));
            records.add(new ProducerRecord<>(Topics.PROFILE, child.toString(), envelope));
        }
        return records;
    }

    private void compare(Map<String, Map<String, Object>> variants, List<ProducerRecord<String, String>> batch) {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        variants.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        List<Double> ratios = new ArrayList<>();
        List<String> order = new ArrayList<>(variants.keySet());
        for (int round = -1; round < settings.mediaRounds(); round++) {
            Map<String, Double> thisRound = new HashMap<>();
            for (String name : order) {
                thisRound.put(name, eventsPerSecond(variants.get(name), batch, round < 0 ? WARM_UP_NANOS : WINDOW_NANOS));
            }
            order.add(order.remove(0));
            if (round >= 0) {
                thisRound.forEach((name, rate) -> rates.get(name).add(rate));
                ratios.add(thisRound.get(NOW) / thisRound.get(PREVIOUS));
            }
        }
        String subject = "relay sends, batches of " + BATCH;
        String how = "one thread, OutboxRelay.sendInOrder, embedded KRaft broker (SCRAM), " + PARTITIONS + " partitions, acks=all, idempotent";
        rates.forEach((name, values) -> results.add(NAME, subject, name, Stats.median(values), "events/s", values.size(), how));
        results.add(NAME, subject, "now / previous", Stats.median(ratios), "ratio", ratios.size(), "per round");
    }

    /** Sends the batch again and again for the window with a fresh producer, each batch acknowledged before the next. */
    private static double eventsPerSecond(Map<String, Object> config, List<ProducerRecord<String, String>> batch, long window) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            OutboxRelay.sendInOrder(producer, batch, SEND_TIMEOUT); // connects and fetches metadata outside the window
            long events = 0;
            long begun = System.nanoTime();
            long elapsed;
            do {
                OutboxRelay.Batch sent = OutboxRelay.sendInOrder(producer, batch, SEND_TIMEOUT);
                if (sent.failure() != null) {
                    throw sent.failure();
                }
                events += sent.acknowledged();
                elapsed = System.nanoTime() - begun;
            } while (elapsed < window);
            return events / (elapsed / 1e9);
        }
    }
}

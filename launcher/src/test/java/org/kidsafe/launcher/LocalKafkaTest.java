package org.kidsafe.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.PreviousReleaseKafka;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.kidsafe.embedded.KafkaRefusals.assertRefused;

/**
 * The local platform's Kafka as {@code ./kidsafe up} and the end-to-end tests run it (issue 16, item 3), on an
 * installation of the previous release: its unsecured broker, holding the shared erasure topic's records, is
 * upgraded in place, and from then on each service, logged in with its own credentials, may do exactly what
 * {@link TopicAccess} grants it and nothing else. On the previous release every one of these refusals was an
 * acceptance: its broker had no listener that asked who was calling, and no authoriser.
 */
class LocalKafkaTest {

    private static final String PREVIOUS_ERASURE_TOPIC = "kidsafe.erasure.events";
    private static Path data;
    private static Keys keys;
    private static KafkaBroker kafka;

    @BeforeAll
    static void upgradeAnInstallationOfThePreviousRelease() throws Exception {
        data = Files.createTempDirectory("kidsafe-local-kafka");
        keys = new Keys(data.resolve("keys"));
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        PreviousReleaseKafka.writeRecords(data.resolve("kafka"), port, controllerPort, PREVIOUS_ERASURE_TOPIC,
                Map.of("child-1", "a request of the previous release"));
        kafka = LocalKafka.start(data.resolve("kafka"), port, controllerPort, keys);
        // One record on every topic, so that a read that is allowed has something to return.
        for (String topic : TopicAccess.allTopics()) {
            send(kafka.adminConfig(), topic);
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theUpgradeKeepsThePreviousRecordsForTheAdminAndHidesThemFromEveryService() throws Exception {
        assertTrue(read(kafka.adminConfig(), PREVIOUS_ERASURE_TOPIC), "the previous release's records are still there");
        for (TopicAccess access : TopicAccess.SERVICES) {
            assertRefused(TopicAuthorizationException.class, () -> read(login(access.service()), PREVIOUS_ERASURE_TOPIC));
            assertRefused(TopicAuthorizationException.class, () -> send(login(access.service()), PREVIOUS_ERASURE_TOPIC));
        }
    }

    @Test
    void theAdminLoginForCommandLineToolsIsReadableByTheOwnerOnly() throws Exception {
        Path file = data.resolve("keys").resolve(LocalKafka.ADMIN + ".kafka.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Properties settings = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        }
        Map<String, Object> config = new HashMap<>();
        settings.forEach((key, value) -> config.put((String) key, value));
        config.put("bootstrap.servers", kafka.bootstrapServers());
        assertTrue(read(config, Topics.CONSENT), "the file logs the dead-letter replay in as the admin");
    }

    @Test
    void mediaServiceCannotAskForAnErasure() {
        assertRefused(TopicAuthorizationException.class, () -> send(login(TopicAccess.MEDIA_SERVICE), Topics.ERASURE_REQUESTS));
    }

    /** Issue 19 item 8: only media-service says what reaches its retention limit, and only consent-service reads it. */
    @Test
    void onlyMediaServiceWritesItsRetentionFactsAndOnlyConsentServiceReadsThem() throws Exception {
        send(login(TopicAccess.MEDIA_SERVICE), Topics.MEDIA);
        assertTrue(readInGroup(login(TopicAccess.CONSENT_SERVICE), TopicAccess.CONSENT_SERVICE, Topics.MEDIA));
        assertRefused(TopicAuthorizationException.class, () -> send(login(TopicAccess.PROFILE_SERVICE), Topics.MEDIA));
        assertRefused(TopicAuthorizationException.class, () -> send(login(TopicAccess.CONSENT_SERVICE), Topics.MEDIA));
        assertRefused(TopicAuthorizationException.class, () -> read(login(TopicAccess.PROFILE_SERVICE), Topics.MEDIA));
    }

    @TestFactory
    Stream<DynamicTest> eachServiceWritesExactlyTheTopicsItOwnsAndItsOwnDeadLetterTopics() {
        return matrix((access, topic) -> access.produces().contains(topic) || access.deadLetterTopics().contains(topic),
                "writes", LocalKafkaTest::send);
    }

    @TestFactory
    Stream<DynamicTest> eachServiceReadsExactlyTheTopicsItConsumes() {
        return matrix((access, topic) -> access.consumes().contains(topic), "reads", (config, topic) -> assertTrue(read(config, topic)));
    }

    @Test
    void aServiceConsumesInItsOwnGroupOnlyAndCannotCreateTopicsOrGrantItselfMore() throws Exception {
        Map<String, Object> media = login(TopicAccess.MEDIA_SERVICE);
        assertTrue(readInGroup(media, TopicAccess.MEDIA_SERVICE, Topics.CONSENT));
        assertRefused(GroupAuthorizationException.class, () -> readInGroup(media, TopicAccess.PROFILE_SERVICE, Topics.CONSENT));
        assertRefused(TopicAuthorizationException.class, () -> send(media, "kidsafe.media.something-new"));
        try (Admin admin = Admin.create(media)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> admin.createAcls(
                    TopicAccess.of(TopicAccess.CONSENT_SERVICE).aclBindings()).all().get());
            assertInstanceOf(ClusterAuthorizationException.class, refused.getCause());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> wrong = kafka.clientConfig(new KafkaCredentials(TopicAccess.MEDIA_SERVICE, "not-the-password"));
        assertRefused(SaslAuthenticationException.class, () -> send(wrong, Topics.MEDIA_ERASURE_REPORTS));
    }

    @Test
    void aSecondStartKeepsThePrincipalsAndAcls() throws Exception {
        kafka.stop();
        kafka.start();
        send(login(TopicAccess.PROFILE_SERVICE), Topics.PROFILE_ERASURE_REPORTS);
        assertRefused(TopicAuthorizationException.class, () -> send(login(TopicAccess.PROFILE_SERVICE), Topics.MEDIA_ERASURE_REPORTS));
    }

    private interface Access {
        void check(Map<String, Object> config, String topic) throws Exception;
    }

    private interface Granted {
        boolean test(TopicAccess access, String topic);
    }

    /** One test per service and topic: what the list grants works, anything else is refused by the broker. */
    private static Stream<DynamicTest> matrix(Granted granted, String verb, Access access) {
        return TopicAccess.SERVICES.stream().flatMap(service -> TopicAccess.allTopics().stream().map(topic -> {
            boolean allowed = granted.test(service, topic);
            return dynamicTest(service.service() + (allowed ? " " : " never ") + verb + " " + topic, () -> {
                if (allowed) {
                    access.check(login(service.service()), topic);
                } else {
                    assertRefused(TopicAuthorizationException.class, () -> access.check(login(service.service()), topic));
                }
            });
        }));
    }

    private static Map<String, Object> login(String service) {
        return kafka.clientConfig(LocalKafka.login(service, keys));
    }

    private static void send(Map<String, Object> clientConfig, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), "probe")).get();
        }
    }

    /** Reads partition 0..2 of the topic from the beginning, without a consumer group; true once a record came. */
    private static boolean read(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
            return pollForARecord(consumer);
        }
    }

    private static boolean readInGroup(Map<String, Object> clientConfig, String group, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            return pollForARecord(consumer);
        }
    }

    private static boolean pollForARecord(KafkaConsumer<String, String> consumer) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}

package org.kidsafe.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.KafkaRefusals.assertRefused;

/**
 * The broker survives a stop and start on the same port, keeping what was written before; it is secured (SCRAM,
 * ACLs, nothing allowed without one) and upgrades a log directory of the previous, unsecured release. The brokers
 * are this test's own: they are stopped on purpose, and the shared test fixture lives in a module built on this one.
 */
class KafkaBrokerTest {

    private static final KafkaCredentials ADMIN = new KafkaCredentials("test-admin", UUID.randomUUID().toString());

    @TempDir
    Path work;
    private KafkaBroker kafka;

    @Test
    void recordsWrittenBeforeARestartAreReadAfterIt() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), FreePorts.find(), FreePorts.find(), ADMIN, authority())) {
            kafka = broker;
            String topic = "restart-" + UUID.randomUUID();
            send(kafka.adminConfig(), topic, "before");
            kafka.stop();
            assertFalse(kafka.isRunning());
            kafka.start();
            assertTrue(kafka.isRunning());
            send(kafka.adminConfig(), topic, "after");
            assertEquals(List.of("before", "after"), readAll(topic, 2));
        }
    }

    @Test
    void aPrincipalMayDoExactlyWhatItsAclsAllowAndAWrongPasswordIsRefused() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), FreePorts.find(), FreePorts.find(), ADMIN, authority())) {
            kafka = broker;
            kafka.createTopics(1, "granted", "other");
            KafkaCredentials writer = new KafkaCredentials("writer", UUID.randomUUID().toString());
            kafka.authorise(Map.of(writer, List.of(
                    allow(writer, "granted", AclOperation.DESCRIBE), allow(writer, "granted", AclOperation.WRITE))));

            send(kafka.clientConfig(writer), "granted", "allowed");
            assertRefused(TopicAuthorizationException.class, () -> send(kafka.clientConfig(writer), "other", "denied"));
            assertRefused(SaslAuthenticationException.class,
                    () -> send(kafka.clientConfig(new KafkaCredentials("writer", "wrong")), "granted", "denied"));
            assertRefused(SaslAuthenticationException.class,
                    () -> send(kafka.clientConfig(new KafkaCredentials("nobody", "any")), "granted", "denied"));

            kafka.authorise(Map.of(writer, List.of()));
            assertRefused(TopicAuthorizationException.class, () -> send(kafka.clientConfig(writer), "granted", "revoked"));
        }
    }

    /**
     * Also the TLS checks of issue 17 item 4, on this broker (one start fewer): the previous release's folder has no CA
     * and its broker spoke plaintext; after the upgrade the client listener speaks TLS only, so the previous release's
     * clients (PLAINTEXT, SASL_PLAINTEXT) get no answer, and a client that trusts another CA refuses the broker's
     * certificate; the admin's client, which trusts the installation's CA, reads the old records.
     */
    @Test
    void aLogDirectoryOfThePreviousUnsecuredReleaseIsUpgradedWithItsRecordsAndServesVerifiedTlsOnly() throws Exception {
        Path directory = work.resolve("kafka");
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        PreviousReleaseKafka.writeRecords(directory, port, controllerPort, "kept", Map.of("child-1", "written by the previous release"));

        try (KafkaBroker broker = KafkaBroker.start(directory, port, controllerPort, ADMIN, authority())) {
            kafka = broker;
            assertEquals(List.of("written by the previous release"), readAll("kept", 1));
            KafkaCredentials reader = new KafkaCredentials("reader", UUID.randomUUID().toString());
            kafka.authorise(Map.of(reader, List.of()));
            assertRefused(TopicAuthorizationException.class, () -> send(kafka.clientConfig(reader), "kept", "denied"));

            Map<String, Object> tls = kafka.adminConfig();
            Map<String, Object> plaintext = Map.of("bootstrap.servers", kafka.bootstrapServers(), "security.protocol", "PLAINTEXT");
            assertRefused(TimeoutException.class, () -> describeCluster(plaintext));
            Map<String, Object> saslPlaintext = new HashMap<>(tls);
            saslPlaintext.put("security.protocol", "SASL_PLAINTEXT");
            saslPlaintext.keySet().removeIf(name -> name.startsWith("ssl."));
            assertRefused(TimeoutException.class, () -> describeCluster(saslPlaintext));
            Map<String, Object> trustsAnotherCa = new HashMap<>(tls);
            trustsAnotherCa.put("ssl.truststore.location", LocalCertificateAuthority.in(work.resolve("another-ca")).certificateFile().toString());
            assertRefused(SslAuthenticationException.class, () -> describeCluster(trustsAnotherCa));
            describeCluster(tls);
        }
    }

    /** The installation's CA, made in this test's folder on first use, as at a first start. */
    private LocalCertificateAuthority authority() {
        return LocalCertificateAuthority.in(work.resolve("tls"));
    }

    /** One metadata request, given little time: a refused client never gets an answer, and waiting longer proves nothing more. */
    private static void describeCluster(Map<String, Object> clientConfig) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get();
        }
    }

    private static AclBinding allow(KafkaCredentials who, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + who.user(), "*", operation, AclPermissionType.ALLOW));
    }

    private static void send(Map<String, Object> clientConfig, String topic, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "child-1", value)).get();
        }
    }


    private List<String> readAll(String topic, int expected) {
        Map<String, Object> config = new HashMap<>(kafka.adminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}

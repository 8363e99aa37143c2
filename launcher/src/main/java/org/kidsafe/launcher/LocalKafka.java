package org.kidsafe.launcher;

import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.kafka.PasswordFileScramLogin;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local platform's Kafka, secured as production runs it (issue 16, principle 7): the super user and one
 * principal per service, with passwords made once per installation and kept in {@code keys/}; every topic of
 * {@link TopicAccess} created; each service allowed exactly what {@link TopicAccess} grants it. The principals and
 * ACLs are set at every start, so an installation of a previous release (an unsecured broker) gets them on its first
 * start with this one, and a change to the access list takes effect on the next.
 */
final class LocalKafka {

    /** The Kafka super user: topics, principals and ACLs, the dead-letter replay, tests' probes; never a service. */
    static final String ADMIN = "kidsafe-admin";
    private static final int PARTITIONS = 3;
    /** event-backbone's callback handler, named as Kafka takes it (a class name in the client settings). */
    static final String PASSWORD_FILE_LOGIN = PasswordFileScramLogin.class.getName();

    private LocalKafka() {
    }

    static KafkaBroker start(Path directory, int port, int controllerPort, Keys keys) {
        KafkaCredentials admin = new KafkaCredentials(ADMIN, keys.secret("kafka-admin"));
        KafkaBroker kafka = KafkaBroker.start(directory, port, controllerPort, admin, keys.certificateAuthority());
        keys.kafkaClientProperties(ADMIN, admin.clientConfig(keys.caCertificate()));
        kafka.createTopics(PARTITIONS, TopicAccess.allTopics().toArray(String[]::new));
        kafka.authorise(TopicAccess.SERVICES.stream().collect(Collectors.toMap(access -> login(access.service(), keys),
                TopicAccess::aclBindings)));
        return kafka;
    }

    /** A service's own Kafka principal, named after it, with a password made once for this installation. */
    static KafkaCredentials login(String service, Keys keys) {
        return new KafkaCredentials(service, keys.secret(passwordName(service)));
    }

    /** The name of the service's Kafka password among the keys ({@code keys/kafka-<service>.secret}). */
    static String passwordName(String service) {
        return "kafka-" + service;
    }

    /**
     * The service's Kafka login as the variables the Helm chart sets (_helpers.tpl; Quarkus reads {@code KAFKA_*} as
     * {@code kafka.*} client settings), except that the password stays in its file, read at every (re-)authentication by
     * event-backbone's PasswordFileScramLogin, so {@code ./kidsafe rotate <service> --kafka} needs no restart. Over TLS,
     * trusting the installation's CA only (issue 17 item 4).
     */
    static Map<String, String> environment(String service, Keys keys) {
        Path passwordFile = keys.secretFile(passwordName(service));
        return Map.of("KAFKA_SECURITY_PROTOCOL", KafkaCredentials.SECURITY_PROTOCOL,
                "KAFKA_SSL_TRUSTSTORE_TYPE", KafkaCredentials.TRUSTSTORE_TYPE,
                "KAFKA_SSL_TRUSTSTORE_LOCATION", keys.caCertificate().toString(),
                "KAFKA_SASL_MECHANISM", KafkaCredentials.MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + service
                        + "\" passwordFile=\"" + passwordFile + "\";",
                "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS", PASSWORD_FILE_LOGIN);
    }

    /** The super user's client settings for a broker already running at {@code bootstrapServers}, e.g. for {@code rotate}. */
    static Map<String, Object> adminConfig(String bootstrapServers, Keys keys) {
        Map<String, Object> config = new HashMap<>(new KafkaCredentials(ADMIN, keys.secret("kafka-admin")).clientConfig(keys.caCertificate()));
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }
}

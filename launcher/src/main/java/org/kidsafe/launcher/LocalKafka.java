package org.kidsafe.launcher;

import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.events.TopicAccess;

import java.nio.file.Path;
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

    private LocalKafka() {
    }

    static KafkaBroker start(Path directory, int port, int controllerPort, Keys keys) {
        KafkaCredentials admin = new KafkaCredentials(ADMIN, keys.secret("kafka-admin"));
        KafkaBroker kafka = KafkaBroker.start(directory, port, controllerPort, admin);
        keys.kafkaClientProperties(ADMIN, admin.clientConfig());
        kafka.createTopics(PARTITIONS, TopicAccess.allTopics().toArray(String[]::new));
        kafka.authorise(TopicAccess.SERVICES.stream().collect(Collectors.toMap(access -> login(access.service(), keys),
                TopicAccess::aclBindings)));
        return kafka;
    }

    /** A service's own Kafka principal, named after it, with a password made once for this installation. */
    static KafkaCredentials login(String service, Keys keys) {
        return new KafkaCredentials(service, keys.secret("kafka-" + service));
    }
}

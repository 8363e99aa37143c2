package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Each of media-service's three channels parks what it cannot read on {@code <topic>.media-service.dlq}: the
 * failure strategy comes from the connector-level defaults (event-backbone), the dead-letter topic from the
 * channel's own line, derived from quarkus.application.name. The consumer group, also set at connector level, is
 * the service's name (the Kafka ACLs of the Helm chart grant exactly that group).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class DeadLetterTopicsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final KafkaBroker kafka = RealInfrastructure.shared().kafka();
    private final TopicProbe topics = new TopicProbe(kafka);
    private final List<String> consumed = TopicAccess.of("media-service").consumes();

    @Test
    void aPoisonEventOnEachConsumedTopicLandsOnMediaServicesDeadLetterTopic() {
        for (String topic : consumed) {
            String child = UUID.randomUUID().toString();
            String poison = "{\"this is\": not an event " + UUID.randomUUID();
            topics.send(topic, child, poison);

            ConsumerRecord<String, String> parked = topics.awaitRecord(Topics.deadLetter(topic, "media-service"),
                    record -> poison.equals(record.value()), PATIENCE);
            assertNotNull(parked, "the poison event on " + topic + " must land on media-service's dead-letter topic");
            assertEquals(child, parked.key());
        }
    }

    @Test
    void everyChannelConsumesAsTheGroupNamedForTheService() {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            await().atMost(PATIENCE).until(() -> assignedTopics(admin).containsAll(consumed));
        }
    }

    private static Set<String> assignedTopics(Admin admin) throws Exception {
        return admin.describeConsumerGroups(Set.of("media-service")).all().get().get("media-service").members().stream()
                .map(MemberDescription::assignment)
                .flatMap(assignment -> assignment.topicPartitions().stream())
                .map(TopicPartition::topic)
                .collect(Collectors.toSet());
    }
}

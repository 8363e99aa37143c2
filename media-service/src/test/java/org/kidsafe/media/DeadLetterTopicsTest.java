package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.Topics;
import org.kidsafe.infrastructure.RealInfrastructure;
import org.kidsafe.infrastructure.RealInfrastructureTestResource;
import org.kidsafe.infrastructure.TopicProbe;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Each of media-service's three channels parks what it cannot read on {@code <topic>.media-service.dlq}: the
 * failure strategy comes from the connector-level defaults (event-backbone), the dead-letter topic from the
 * channel's own line, derived from quarkus.application.name.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class DeadLetterTopicsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka().bootstrapServers());

    @Test
    void aPoisonEventOnEachConsumedTopicLandsOnMediaServicesDeadLetterTopic() {
        for (String topic : Topics.ALL) {
            String child = UUID.randomUUID().toString();
            String poison = "{\"this is\": not an event " + UUID.randomUUID();
            topics.send(topic, child, poison);

            ConsumerRecord<String, String> parked = topics.awaitRecord(Topics.deadLetter(topic, "media-service"),
                    record -> poison.equals(record.value()), PATIENCE);
            assertNotNull(parked, "the poison event on " + topic + " must land on media-service's dead-letter topic");
            assertEquals(child, parked.key());
        }
    }
}

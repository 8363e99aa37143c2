package org.kidsafe.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 22 item 3: the relay with several requests in flight still publishes every row of the outbox, each child's
 * events in the order they were committed, and deletes each row once the broker acknowledged it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class OutboxRelayTest {

    private static final int CHILDREN = 8;
    private static final int TRANSACTIONS = 20;
    private static final int EVENTS_PER_TRANSACTION = 15;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EventOutbox outbox;
    @Inject
    EntityManager entityManager;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());

    @Test
    void manyRowsArePublishedInOrderPerChildAndEveryOneIsMarkedSent() {
        List<UUID> children = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            children.add(UUID.randomUUID());
        }
        Map<UUID, List<UUID>> committed = new HashMap<>();
        Set<UUID> ids = new LinkedHashSet<>();
        for (int transaction = 0; transaction < TRANSACTIONS; transaction++) {
            // Each commit wakes the relay, so batches of every size go out while later ones are still being written.
            List<EventEnvelope> written = QuarkusTransaction.requiringNew().call(() -> {
                List<EventEnvelope> envelopes = new ArrayList<>();
                for (int event = 0; event < EVENTS_PER_TRANSACTION; event++) {
                    UUID child = children.get(event % CHILDREN);
                    envelopes.add(outbox.publish(child, new ProfileExpired(UUID.randomUUID(), ProfileExpired.INACTIVITY, Instant.now())));
                }
                return envelopes;
            });
            for (EventEnvelope envelope : written) {
                committed.computeIfAbsent(envelope.aggregateId(), child -> new ArrayList<>()).add(envelope.id());
                ids.add(envelope.id());
            }
        }

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> unsent(ids) == 0);

        Set<String> keys = new HashSet<>(children.stream().map(UUID::toString).toList());
        Map<UUID, List<UUID>> published = new HashMap<>();
        for (ConsumerRecord<String, String> record : topics.readToEnd(Topics.PROFILE, record -> keys.contains(record.key()), PATIENCE)) {
            UUID id = EventCodec.decode(record.value()).id();
            List<UUID> ofChild = published.computeIfAbsent(UUID.fromString(record.key()), child -> new ArrayList<>());
            if (!ofChild.contains(id)) {
                ofChild.add(id); // at least once: a copy after a failed acknowledgement would be dropped by the inbox
            }
        }
        assertEquals(committed, published, "every event once, each child's in commit order");
    }

    private long unsent(Set<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox_event WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .getSingleResult()).longValue());
    }
}

package org.kidsafe.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.access.Guardians;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** profile-service's own copy of consent state, fed over the real broker. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ConsentBackboneTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ConsentGate gate;

    @Inject
    Guardians guardians;
    @Inject
    EventInbox inbox;
    @Inject
    EntityManager entityManager;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());
    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();

    @Test
    void aGrantReachesTheProjection() {
        assertFalse(allows(DataCategory.PHOTOS));

        send(EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.PHOTOS, 1, 1), Instant.now()));

        await().atMost(PATIENCE).until(() -> allows(DataCategory.PHOTOS));
        assertFalse(allows(DataCategory.CHAT), "consent is per category");
        assertEquals(Set.of(parent), QuarkusTransaction.requiringNew().call(() -> guardians.guardiansOf(child)));
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() {
        EventEnvelope granted = EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.VOICE, 1, 1), Instant.now().minusSeconds(5));
        EventEnvelope revoked = EventCodec.envelope(child, new ConsentRevoked(parent, DataCategory.VOICE), Instant.now());

        send(granted);
        send(revoked);
        send(granted);
        send(revoked);

        await().atMost(PATIENCE).until(() -> timesConsumed(granted) == 1 && timesConsumed(revoked) == 1);
        assertFalse(allows(DataCategory.VOICE), "the duplicate grant must not re-grant a revoked consent");
    }

    @Test
    void theInboxAppliesAnEventOnceHoweverOftenItIsDelivered() {
        String raw = EventCodec.encode(EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.CHAT, 1, 1), Instant.now()));
        AtomicInteger effects = new AtomicInteger();

        assertTrue(inbox.deliver("inbox-test", raw, envelope -> effects.incrementAndGet()));
        assertFalse(inbox.deliver("inbox-test", raw, envelope -> effects.incrementAndGet()));
        assertTrue(inbox.deliver("another-consumer", raw, envelope -> effects.incrementAndGet()));

        assertEquals(2, effects.get());
    }

    /** Issue 22 item 3: an event nobody here handles costs no transaction and leaves no row (the old inbox committed one). */
    @Test
    void anEventWithoutHandlerIsSkippedWithoutARow() {
        EventEnvelope revoked = EventCodec.envelope(child, new ConsentRevoked(parent, DataCategory.CHAT), Instant.now());
        AtomicInteger effects = new AtomicInteger();

        assertFalse(inbox.deliver(EventCodec.encode(revoked), EventHandlers.of(ConsentGranted.class, (envelope, granted) -> effects.incrementAndGet())));

        assertEquals(0, timesConsumed(revoked), "no consumed_message row for an ignored event");
        assertEquals(0, effects.get());
    }

    @Test
    void aPoisonMessageIsParkedAndTheNextGoodEventStillApplies() {
        String poison = "{\"this is\": not an event " + UUID.randomUUID();
        topics.send(Topics.CONSENT, child.toString(), poison);
        send(EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.PROFILE, 1, 1), Instant.now()));

        await().atMost(PATIENCE).until(() -> allows(DataCategory.PROFILE));
        ConsumerRecord<String, String> parked = topics.awaitRecord(Topics.deadLetter(Topics.CONSENT, "profile-service"),
                record -> poison.equals(record.value()), PATIENCE);
        assertNotNull(parked, "the poison message must land on the dead-letter topic");
        assertEquals(child.toString(), parked.key());
    }

    private void send(EventEnvelope envelope) {
        topics.send(Topics.CONSENT, envelope.aggregateId().toString(), EventCodec.encode(envelope));
    }

    private boolean allows(DataCategory category) {
        return QuarkusTransaction.requiringNew().call(() -> gate.allows(child, category));
    }

    private long timesConsumed(EventEnvelope envelope) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM consumed_message WHERE event_id = :id AND consumer = 'profile-service'")
                .setParameter("id", envelope.id())
                .getSingleResult()).longValue());
    }
}

package org.kidsafe.events.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.events.EventCatalog;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Records an event in the caller's transaction. The event exists if and only if the state change
 * it announces was committed; {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    private final Clock clock;
    private final OutboxRelay relay;
    private final String service;

    EventOutbox(Clock clock, OutboxRelay relay, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.clock = clock;
        this.relay = relay;
        this.service = service;
    }

    @Transactional(TxType.MANDATORY)
    public EventEnvelope publish(UUID childId, Record payload) {
        Instant now = clock.instant();
        return record(childId, payload, now, now);
    }

    /**
     * Announces again a fact that occurred at {@code occurredAt} (a replay after a restore or a consumer's gap), in a new
     * envelope that carries that instant: a consumer that keeps the newest change ({@code ConsentProjector}) then never
     * lets the re-announcement override a change made after it, whichever arrives last.
     */
    @Transactional(TxType.MANDATORY)
    public EventEnvelope republish(UUID childId, Record payload, Instant occurredAt) {
        return record(childId, payload, occurredAt, clock.instant());
    }

    private EventEnvelope record(UUID childId, Record payload, Instant occurredAt, Instant recordedAt) {
        EventEnvelope envelope = EventCodec.envelope(childId, payload, occurredAt);
        OutboxEvent event = new OutboxEvent();
        event.id = envelope.id();
        event.topic = topicOf(EventCatalog.schemaOf(payload.getClass()));
        event.recordKey = childId.toString();
        event.eventType = envelope.type();
        event.envelope = EventCodec.encode(envelope);
        event.createdAt = recordedAt;
        event.persist();
        relay.wakeUpAfterCommit();
        return envelope;
    }

    /**
     * The topic this service publishes the event on. An event that is not this service's to publish fails here, in
     * the writer's transaction, rather than sitting in the outbox until the broker refuses it (TopicAccess).
     */
    private String topicOf(EventSchema schema) {
        String topic = schema.topic().equals(EventSchema.EACH_PARTICIPANTS_OWN) ? Topics.erasureReportsOf(service) : schema.topic();
        if (!TopicAccess.of(service).produces().contains(topic)) {
            throw new IllegalStateException(service + " may not publish " + schema.type() + " on " + topic);
        }
        return topic;
    }
}

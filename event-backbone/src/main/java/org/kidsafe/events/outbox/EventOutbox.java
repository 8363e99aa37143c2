package org.kidsafe.events.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.events.EventCatalog;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;

import java.time.Clock;
import java.util.UUID;

/**
 * Records an event in the caller's transaction. The event exists if and only if the state change
 * it announces was committed; {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    private final Clock clock;
    private final OutboxRelay relay;

    EventOutbox(Clock clock, OutboxRelay relay) {
        this.clock = clock;
        this.relay = relay;
    }

    @Transactional(TxType.MANDATORY)
    public EventEnvelope publish(UUID childId, Record payload) {
        EventEnvelope envelope = EventCodec.envelope(childId, payload, clock.instant());
        OutboxEvent event = new OutboxEvent();
        event.id = envelope.id();
        event.topic = EventCatalog.schemaOf(payload.getClass()).topic();
        event.recordKey = childId.toString();
        event.eventType = envelope.type();
        event.envelope = EventCodec.encode(envelope);
        event.createdAt = envelope.occurredAt();
        event.persist();
        relay.wakeUpAfterCommit();
        return envelope;
    }
}

package org.kidsafe.events.inbox;

import org.kidsafe.events.EventCatalog;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.PoisonEventException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What one consumer does with each payload type it cares about. Events of any other type on the
 * same topic are not its business: they are skipped without their payload being decoded.
 */
public final class EventHandlers {

    /** Handlers by event type, then by schema version: a consumer handles each version it reads (docs/events.md, section 6). */
    private final Map<String, Map<Integer, Handler<?>>> byEventType;

    private EventHandlers(Map<String, Map<Integer, Handler<?>>> byEventType) {
        this.byEventType = Map.copyOf(byEventType);
    }

    public static <P extends Record> EventHandlers of(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {
        return new EventHandlers(Map.of()).and(payloadType, effect);
    }

    public <P extends Record> EventHandlers and(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {
        EventSchema schema = EventCatalog.schemaOf(payloadType);
        Map<String, Map<Integer, Handler<?>>> extended = new HashMap<>(byEventType);
        Map<Integer, Handler<?>> versions = new HashMap<>(extended.getOrDefault(schema.type(), Map.of()));
        if (versions.put(schema.version(), new Handler<>(payloadType, effect)) != null) {
            throw new IllegalArgumentException("Two handlers for " + payloadType.getSimpleName());
        }
        extended.put(schema.type(), Map.copyOf(versions));
        return new EventHandlers(extended);
    }

    /**
     * The effect of this event for this consumer, found before any transaction starts, so that {@link EventInbox}
     * neither opens one nor records the event when the type is not this consumer's business (issue 22 item 3).
     *
     * @return empty for a type this consumer does not handle
     * @throws PoisonEventException for a handled type in a version this consumer cannot read
     */
    Optional<Consumer<EventEnvelope>> effectFor(EventEnvelope envelope) {
        Map<Integer, Handler<?>> versions = byEventType.get(envelope.type());
        if (versions == null) {
            return Optional.empty();
        }
        Handler<?> handler = versions.get(envelope.schemaVersion());
        if (handler == null) {
            // A type this consumer acts on, in a version it cannot read: poison, parked on the dead-letter topic.
            throw new PoisonEventException("No handler for " + envelope.type() + " v" + envelope.schemaVersion());
        }
        return Optional.of(handler::apply);
    }

    private record Handler<P extends Record>(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {

        void apply(EventEnvelope envelope) {
            effect.accept(envelope, payloadType.cast(EventCodec.payload(envelope)));
        }
    }
}

package org.kidsafe.events.inbox;

import org.kidsafe.events.EventCatalog;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What one consumer does with each payload type it cares about. Events of any other type on the
 * same topic are not its business: they are skipped without their payload being decoded.
 */
public final class EventHandlers {

    private final Map<String, Handler<?>> byEventType;

    private EventHandlers(Map<String, Handler<?>> byEventType) {
        this.byEventType = Map.copyOf(byEventType);
    }

    public static <P extends Record> EventHandlers of(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {
        return new EventHandlers(Map.of()).and(payloadType, effect);
    }

    public <P extends Record> EventHandlers and(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {
        Map<String, Handler<?>> extended = new HashMap<>(byEventType);
        if (extended.put(EventCatalog.schemaOf(payloadType).type(), new Handler<>(payloadType, effect)) != null) {
            throw new IllegalArgumentException("Two handlers for " + payloadType.getSimpleName());
        }
        return new EventHandlers(extended);
    }

    void apply(EventEnvelope envelope) {
        Handler<?> handler = byEventType.get(envelope.type());
        if (handler != null) {
            handler.apply(envelope);
        }
    }

    private record Handler<P extends Record>(Class<P> payloadType, BiConsumer<EventEnvelope, P> effect) {

        void apply(EventEnvelope envelope) {
            effect.accept(envelope, payloadType.cast(EventCodec.payload(envelope)));
        }
    }
}

package org.kidsafe.events.inbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventHandlersTest {

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final List<String> effects = new ArrayList<>();
    private final EventHandlers handlers = EventHandlers
            .of(ConsentGranted.class, (envelope, granted) -> effects.add("granted " + granted.category() + " for " + envelope.aggregateId()))
            .and(ConsentRevoked.class, (envelope, revoked) -> effects.add("revoked " + revoked.category()));

    @Test
    void eachPayloadTypeGoesToItsOwnHandlerDecoded() {
        apply(handlers, EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.CHAT, 3, 2), Instant.now()));
        apply(handlers, EventCodec.envelope(child, new ConsentRevoked(parent, DataCategory.PHOTOS), Instant.now()));

        assertEquals(List.of("granted CHAT for " + child, "revoked PHOTOS"), effects);
    }

    @Test
    void anEventOfAnotherTypeIsSkippedWithoutDecodingItsPayload() {
        EventEnvelope paired = EventCodec.envelope(child, new ToyPaired("toy-1", parent), Instant.now());
        // A payload this consumer could not even decode: being skipped, it cannot fail the consumer.
        EventEnvelope undecodable = new EventEnvelope(paired.id(), paired.type(), paired.schemaVersion(), child,
                paired.occurredAt(), JsonNodeFactory.instance.textNode("not a ToyPaired"));

        assertTrue(handlers.effectFor(paired).isEmpty());
        assertTrue(handlers.effectFor(undecodable).isEmpty());
        assertEquals(List.of(), effects);
    }

    @Test
    void twoHandlersForOnePayloadTypeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> handlers.and(ConsentGranted.class, (envelope, granted) -> effects.add("again")));
    }

    @Test
    void eachVersionOfATypeGoesToItsOwnHandler() {
        String pseudonym = "A".repeat(43);
        EventHandlers bothVersions = EventHandlers
                .of(ToyPaired.class, (envelope, paired) -> effects.add("v1 " + paired.deviceId()))
                .and(ToyPairedV2.class, (envelope, paired) -> effects.add("v2 " + paired.devicePseudonym()));

        apply(bothVersions, EventCodec.envelope(child, new ToyPaired("toy-1", parent), Instant.now()));
        apply(bothVersions, EventCodec.envelope(child, new ToyPairedV2(pseudonym, parent), Instant.now()));

        assertEquals(List.of("v1 toy-1", "v2 " + pseudonym), effects);
    }

    @Test
    void aVersionWithoutHandlerOfAHandledTypeIsPoison() {
        EventHandlers onlyV2 = EventHandlers.of(ToyPairedV2.class, (envelope, paired) -> effects.add("v2"));

        assertThrows(PoisonEventException.class,
                () -> apply(onlyV2, EventCodec.envelope(child, new ToyPaired("toy-1", parent), Instant.now())));
        assertEquals(List.of(), effects);
    }

    private static void apply(EventHandlers handlers, EventEnvelope envelope) {
        handlers.effectFor(envelope).ifPresent(effect -> effect.accept(envelope));
    }
}

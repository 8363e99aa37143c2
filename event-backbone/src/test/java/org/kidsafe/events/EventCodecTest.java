package org.kidsafe.events;

import org.junit.jupiter.api.Test;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ErasureRequestedV2;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();

    @Test
    void anEnvelopeSurvivesTheWireWithItsTypedPayload() {
        ConsentGranted granted = new ConsentGranted(parent, DataCategory.PHOTOS, 3, 2);
        EventEnvelope sent = EventCodec.envelope(child, granted, Instant.parse("2026-11-28T10:00:00Z"));

        EventEnvelope received = EventCodec.decode(EventCodec.encode(sent));

        assertEquals(sent, received);
        assertEquals("ConsentGranted", received.type());
        assertEquals(1, received.schemaVersion());
        assertEquals(child, received.aggregateId());
        assertEquals(granted, EventCodec.payload(received));
    }

    @Test
    void theWireFormatNamesEveryEnvelopeField() {
        String json = EventCodec.encode(EventCodec.envelope(child, new ErasureRequested(UUID.randomUUID(), Set.of(DataCategory.CHAT)), Instant.EPOCH));
        for (String field : new String[] {"\"id\"", "\"type\"", "\"schemaVersion\"", "\"aggregateId\"", "\"occurredAt\"", "\"payload\""}) {
            assertTrue(json.contains(field), json);
        }
    }

    @Test
    void anErasureRequestKeepsTheSagasStartOnTheWire() {
        Instant requestedAt = Instant.parse("2026-12-07T02:31:06.498723Z");
        ErasureRequestedV2 request = new ErasureRequestedV2(UUID.randomUUID(), Set.of(DataCategory.PROFILE), requestedAt);
        EventEnvelope received = EventCodec.decode(EventCodec.encode(EventCodec.envelope(child, request, Instant.EPOCH)));
        assertEquals("ErasureRequested", received.type());
        assertEquals(2, received.schemaVersion());
        assertEquals(request, EventCodec.payload(received));
        assertEquals(new ErasureRequested(request.erasureId(), request.categories()), request.request());
    }

    @Test
    void garbageIsPoison() {
        assertThrows(PoisonEventException.class, () -> EventCodec.decode("{not json"));
        assertThrows(PoisonEventException.class, () -> EventCodec.decode("[]"));
        assertThrows(PoisonEventException.class, () -> EventCodec.decode("{\"type\":\"ConsentGranted\"}"));
    }

    @Test
    void anUnknownTypeOrVersionIsPoison() {
        EventEnvelope granted = EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.CHAT, 1, 1), Instant.EPOCH);
        EventEnvelope future = new EventEnvelope(granted.id(), granted.type(), 99, child, granted.occurredAt(), granted.payload());
        EventEnvelope unknown = new EventEnvelope(granted.id(), "ChildAbducted", 1, child, granted.occurredAt(), granted.payload());

        assertThrows(PoisonEventException.class, () -> EventCodec.payload(future));
        assertThrows(PoisonEventException.class, () -> EventCodec.payload(unknown));
    }

    @Test
    void aPayloadMissingARequiredFieldIsPoison() {
        String json = EventCodec.encode(EventCodec.envelope(child, new ConsentGranted(parent, DataCategory.CHAT, 1, 1), Instant.EPOCH))
                .replace("\"category\":\"CHAT\"", "\"category\":null");

        assertThrows(PoisonEventException.class, () -> EventCodec.payload(EventCodec.decode(json)));
    }

    @Test
    void everyCataloguedPayloadHasAUniqueTypeAndVersion() {
        long distinct = EventCatalog.PAYLOADS.stream()
                .map(EventCatalog::schemaOf)
                .map(schema -> schema.type() + "/" + schema.version())
                .distinct().count();
        assertEquals(EventCatalog.PAYLOADS.size(), distinct);
    }

    @Test
    void toyEventsOfVersion2CarryAPseudonymAndRefuseARawDeviceId() {
        ToyPairedV2 paired = new ToyPairedV2("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE", parent);
        EventEnvelope sent = EventCodec.envelope(child, paired, Instant.EPOCH);
        EventEnvelope received = EventCodec.decode(EventCodec.encode(sent));

        assertEquals("ToyPaired", received.type());
        assertEquals(2, received.schemaVersion());
        assertEquals(paired, EventCodec.payload(received));
        assertEquals(new ToyUnpairedV2(paired.devicePseudonym()),
                EventCodec.payload(EventCodec.decode(EventCodec.encode(EventCodec.envelope(child, new ToyUnpairedV2(paired.devicePseudonym()), Instant.EPOCH)))));

        String raw = EventCodec.encode(sent).replace(paired.devicePseudonym(), "toy-livingroom-7");
        assertThrows(PoisonEventException.class, () -> EventCodec.payload(EventCodec.decode(raw)));
    }

    @Test
    void erasureReportsOfVersion3TravelOnTheParticipantsTopicAndRefuseAnUnsignedOne() {
        ErasureCompletedV3 completed = new ErasureCompletedV3(UUID.randomUUID(), "media-service", "a.b.c");
        EventEnvelope received = EventCodec.decode(EventCodec.encode(EventCodec.envelope(child, completed, Instant.EPOCH)));

        assertEquals("ErasureCompleted", received.type());
        assertEquals(3, received.schemaVersion());
        assertEquals(completed, EventCodec.payload(received));
        assertEquals(EventSchema.EACH_PARTICIPANTS_OWN, EventCatalog.schemaOf(ErasureCompletedV3.class).topic());

        String unsigned = EventCodec.encode(EventCodec.envelope(child, completed, Instant.EPOCH)).replace("\"a.b.c\"", "\"\"");
        assertThrows(PoisonEventException.class, () -> EventCodec.payload(EventCodec.decode(unsigned)));
    }
}

package org.kidsafe.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/** JSON serialisation of envelopes and payloads, the same in every service. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Tolerant reader: a newer producer may add optional fields to the same schema version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventCodec() {
    }

    /** Wraps a catalogued payload about one child in a new envelope. */
    public static EventEnvelope envelope(UUID childId, Record payload, Instant occurredAt) {
        EventSchema schema = EventCatalog.schemaOf(payload.getClass());
        return new EventEnvelope(UUID.randomUUID(), schema.type(), schema.version(), childId, occurredAt, MAPPER.valueToTree(payload));
    }

    public static String encode(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unserialisable envelope " + envelope.id(), e);
        }
    }

    /** Parses and checks an envelope; anything malformed is a {@link PoisonEventException}. */
    public static EventEnvelope decode(String json) {
        EventEnvelope envelope;
        try {
            envelope = MAPPER.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException("Unparsable event envelope", e);
        }
        if (envelope == null || envelope.id() == null || envelope.type() == null || envelope.aggregateId() == null
                || envelope.occurredAt() == null || envelope.payload() == null || envelope.payload().isNull()) {
            throw new PoisonEventException("Event envelope lacks a required field");
        }
        return envelope;
    }

    /** The envelope's payload as the catalogued record for its type and version. */
    public static Record payload(EventEnvelope envelope) {
        Class<? extends Record> type = EventCatalog.payloadClass(envelope.type(), envelope.schemaVersion())
                .orElseThrow(() -> new PoisonEventException("Unknown event " + envelope.type() + " v" + envelope.schemaVersion()));
        return readPayload(envelope.payload(), type);
    }

    private static <T extends Record> T readPayload(JsonNode payload, Class<T> type) {
        try {
            T value = MAPPER.treeToValue(payload, type);
            if (value instanceof ValidatedPayload validated) {
                validated.validate();
            }
            return value;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException("Invalid " + type.getSimpleName() + " payload", e);
        }
    }
}

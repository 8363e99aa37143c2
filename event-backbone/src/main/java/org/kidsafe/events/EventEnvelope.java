package org.kidsafe.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every KidSafe event travels in. The aggregate id is the child's id and is also
 * the Kafka record key, so all events about one child stay in order on one partition.
 *
 * @param id            unique event id; consumers deduplicate on it
 * @param type          event name, {@code <Aggregate><PastVerb>}, e.g. {@code ConsentGranted}
 * @param schemaVersion version of the payload schema for that type
 * @param aggregateId   the child's id
 * @param occurredAt    when the change happened at the producer
 * @param payload       the versioned payload; opaque ids and codes only, never personal information
 */
public record EventEnvelope(UUID id, String type, int schemaVersion, UUID aggregateId, Instant occurredAt, JsonNode payload) {
}

package org.kidsafe.profile;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Events the previous release left unsent in the outbox for the shared {@code kidsafe.erasure.events} go, after
 * event-backbone's V2_5, to the topic their producer now owns (issue 16): a request to {@code kidsafe.erasure.requests},
 * each report to its own service's report topic. Other events are untouched. Run on profile-service's own migration
 * locations, from the previous release's last version.
 */
class OutboxTopicMigrationTest {

    private static final String PREVIOUS_ERASURE_TOPIC = "kidsafe.erasure.events";

    @Test
    void pendingEventsOfTheSharedErasureTopicGoToTheirProducersOwnTopic() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("profile_outbox_migration");
        ServiceMigrations.asRuntimeRole(db, "2", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        UUID erasure = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        Map<UUID, String> expected = new HashMap<>();
        expected.put(pending(db, PREVIOUS_ERASURE_TOPIC, child, new ErasureRequested(erasure, Set.of(DataCategory.PROFILE))), Topics.ERASURE_REQUESTS);
        expected.put(pending(db, PREVIOUS_ERASURE_TOPIC, child, new ErasureCompleted(erasure, "profile-service", "a.b.c")),
                Topics.PROFILE_ERASURE_REPORTS);
        expected.put(pending(db, PREVIOUS_ERASURE_TOPIC, child, new ErasureCompleted(erasure, "media-service", "a.b.c")),
                Topics.MEDIA_ERASURE_REPORTS);
        expected.put(pending(db, Topics.CONSENT, child, new ConsentGranted(parent, DataCategory.PROFILE, 1, 1)), Topics.CONSENT);

        ServiceMigrations.asRuntimeRole(db, "latest", "classpath:db/migration").migrate();

        Map<UUID, String> routed = new HashMap<>();
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("SELECT id, topic FROM outbox_event");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                routed.put(rows.getObject(1, UUID.class), rows.getString(2));
            }
        }
        assertEquals(expected, routed);
    }

    /** An outbox row as the previous release's EventOutbox wrote it, with the topic it named then. */
    private static UUID pending(ServiceDatabase db, String topic, UUID child, Record payload) throws SQLException {
        EventEnvelope envelope = EventCodec.envelope(child, payload, Instant.now());
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO outbox_event (id, topic, record_key, event_type, envelope, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, envelope.id());
            insert.setString(2, topic);
            insert.setString(3, child.toString());
            insert.setString(4, envelope.type());
            insert.setString(5, EventCodec.encode(envelope));
            insert.setTimestamp(6, Timestamp.from(envelope.occurredAt()));
            insert.executeUpdate();
        }
        return envelope.id();
    }
}

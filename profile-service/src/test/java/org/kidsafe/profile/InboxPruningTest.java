package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consentprojection.ConsentProjectionErasure;
import org.kidsafe.events.inbox.InboxPruning;
import org.kidsafe.events.inbox.InboxSettings;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 5: the inbox's memory of applied events, and the consent projection's tombstones of erased children,
 * are pruned once older than the topic retention ({@code kidsafe.inbox.keep-for}), in batches until none is left;
 * anything younger stays, because its event could still be delivered again.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class InboxPruningTest {

    private static final String CONSUMER = "inbox-pruning-test";

    @Inject
    InboxPruning inbox;
    @Inject
    ConsentProjectionErasure projection;
    @Inject
    InboxSettings settings;
    @Inject
    Clock clock;

    @Test
    void consumedMessagesOlderThanTheTopicRetentionArePrunedInBatchesAndYoungerOnesStay() throws SQLException {
        Instant now = clock.instant();
        int old = settings.pruneBatch() * 2 + 7;
        insertConsumed(old, now.minus(settings.keepFor()).minus(Duration.ofHours(1)));
        insertConsumed(3, now.minus(settings.keepFor()).plus(Duration.ofHours(1)));

        assertTrue(inbox.prune() >= old);

        assertEquals(0, count("SELECT count(*) FROM consumed_message WHERE consumer = ? AND consumed_at < ?",
                CONSUMER, Timestamp.from(now.minus(settings.keepFor()))));
        assertEquals(3, count("SELECT count(*) FROM consumed_message WHERE consumer = ?", CONSUMER));
    }

    @Test
    void tombstonesOfErasedChildrenGoAfterTheTopicRetention() throws SQLException {
        Instant now = clock.instant();
        UUID longAgo = UUID.randomUUID();
        UUID lately = UUID.randomUUID();
        insertTombstone(longAgo, now.minus(settings.keepFor()).minus(Duration.ofHours(1)));
        insertTombstone(lately, now.minus(settings.keepFor()).plus(Duration.ofHours(1)));

        assertTrue(projection.pruneTombstones() >= 1);

        assertEquals(0, count("SELECT count(*) FROM consent_projection_erased WHERE child_id = ?", longAgo));
        assertEquals(1, count("SELECT count(*) FROM consent_projection_erased WHERE child_id = ?", lately));
    }

    private static void insertConsumed(int rows, Instant consumedAt) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO consumed_message (event_id, consumer, event_type, consumed_at) VALUES (?, ?, 'ConsentGranted', ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, CONSUMER);
                insert.setTimestamp(3, Timestamp.from(consumedAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertTombstone(UUID child, Instant erasedAt) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO consent_projection_erased (child_id, erased_at) VALUES (?, ?)")) {
            insert.setObject(1, child);
            insert.setTimestamp(2, Timestamp.from(erasedAt));
            insert.executeUpdate();
        }
    }

    private static long count(String query, Object... parameters) {
        return RealInfrastructure.shared().database("profile").count(query, parameters);
    }
}

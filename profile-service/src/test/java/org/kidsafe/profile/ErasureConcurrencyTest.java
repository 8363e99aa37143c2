package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * profile-service takes erasure requests of different children at once (issue 21 item 3: its consumer took them one at
 * a time, and the hop into it was half of an erasure's time at 20 in flight). One child's erasure is held inside its
 * transaction by a row lock the test takes on the real database; the other child's erasure, sent after it, is answered
 * meanwhile. With the consumer of before, the second request waited behind the first and was not answered.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ErasureConcurrencyTest {

    @Inject
    Fixtures fixtures;
    @Inject
    ServiceSigningKey signingKey;

    @Test
    void anotherChildsErasureIsAnsweredWhileOneChildsErasureIsHeld() throws SQLException {
        UUID held = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        fixtures.childWithProfile(held, UUID.randomUUID());
        fixtures.childWithProfile(other, UUID.randomUUID());
        UUID heldErasure = UUID.randomUUID();
        UUID otherErasure = UUID.randomUUID();

        try (Connection lock = profile().connect()) {
            lock.setAutoCommit(false);
            lockProfileRow(lock, held);
            send(held, heldErasure);
            await().atMost(Fixtures.PATIENCE).until(() -> sessionsBlockedBy(lock) > 0);

            send(other, otherErasure);
            ErasureCompletedV3 otherAnswer = answerTo(other, otherErasure, Fixtures.PATIENCE);

            assertTrue(Es256Jws.verify(otherAnswer.signedReport(), signingKey.publicKey()).path("verifiedEmpty").asBoolean());
            assertEquals(0, profile().count("SELECT count(*) FROM child_profile WHERE child_id = ?", other));
            assertEquals(1, sessionsBlockedBy(lock), "the held child's erasure still waits inside its transaction");
            assertEquals(1, profile().count("SELECT count(*) FROM child_profile WHERE child_id = ?", held));
            lock.rollback();
        }

        ErasureCompletedV3 heldAnswer = answerTo(held, heldErasure, Fixtures.PATIENCE);
        assertTrue(Es256Jws.verify(heldAnswer.signedReport(), signingKey.publicKey()).path("verifiedEmpty").asBoolean());
        assertEquals(0, profile().count("SELECT count(*) FROM child_profile WHERE child_id = ?", held));
    }

    /** Holds the child's profile row until the connection's transaction ends: its erasure's delete waits on it. */
    private static void lockProfileRow(Connection connection, UUID child) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT child_id FROM child_profile WHERE child_id = ? FOR UPDATE")) {
            select.setObject(1, child);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next(), "the child's profile");
            }
        }
    }

    /** Sessions of the service waiting for a lock the test's connection holds. */
    private static long sessionsBlockedBy(Connection connection) throws SQLException {
        try (PreparedStatement pid = connection.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rows = pid.executeQuery()) {
            rows.next();
            return profile().count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", rows.getInt(1));
        }
    }

    private void send(UUID child, UUID erasureId) {
        EventEnvelope request = EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now());
        fixtures.topics().send(Topics.ERASURE_REQUESTS, child.toString(), EventCodec.encode(request));
    }

    private ErasureCompletedV3 answerTo(UUID child, UUID erasureId, Duration patience) {
        List<ErasureCompletedV3> answers = fixtures.topics().readAll(Topics.PROFILE_ERASURE_REPORTS,
                        record -> child.toString().equals(record.key())
                                && EventCodec.payload(EventCodec.decode(record.value())) instanceof ErasureCompletedV3 completed
                                && completed.erasureId().equals(erasureId), 1, patience)
                .stream().map(record -> (ErasureCompletedV3) EventCodec.payload(EventCodec.decode(record.value()))).toList();
        assertEquals(1, answers.size(), "profile-service did not answer erasure " + erasureId + " of child " + child);
        return answers.get(0);
    }

    private static ServiceDatabase profile() {
        return RealInfrastructure.shared().database("profile");
    }
}

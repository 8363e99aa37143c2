package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.media.erasure.ErasureTaskPurge;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 ("nothing is kept forever"): the record of a completed erasure ({@code erasure_job}) is deleted three years
 * after its completion ({@code kidsafe.erasure.keep-for}), as consent-service's erasure requests (an unfinished
 * one has no completion time and is never selected).
 * Rows are planted with dates relative to the test clock, so nothing else has to age.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class ErasureTaskPurgeTest {

    @Inject
    MutableClock clock;
    @Inject
    ErasureTaskPurge purge;

    @Test
    void aCompletedErasuresRecordGoesThreeYearsAfterCompletion() throws SQLException {
        OffsetDateTime threeYearsAgo = clock.instant().atOffset(ZoneOffset.UTC).minus(Period.ofYears(3));
        UUID old = erasureJob(threeYearsAgo.minusDays(2), threeYearsAgo.minusDays(1));
        UUID young = erasureJob(threeYearsAgo.minusDays(2), threeYearsAgo.plusDays(1));

        assertTrue(purge.purgeDue() >= 1);

        assertEquals(0, count(old));
        assertEquals(1, count(young), "not due yet");
        assertEquals(0, purge.purgeDue(), "repeatable: nothing left to do");
    }

    private static UUID erasureJob(OffsetDateTime requestedAt, OffsetDateTime completedAt) throws SQLException {
        UUID erasureId = UUID.randomUUID();
        try (Connection connection = RealInfrastructure.shared().database("media").connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO erasure_job (erasure_id, child_id, categories, requested_at, key_destroyed, unreadable_at, erased_counts, completed_at)
                     VALUES (?, ?, 'CHAT,PHOTOS,VOICE', ?, true, ?, 'data-key=1,photo=2', ?)""")) {
            insert.setObject(1, erasureId);
            insert.setObject(2, UUID.randomUUID());
            insert.setObject(3, requestedAt);
            insert.setObject(4, requestedAt);
            insert.setObject(5, completedAt);
            insert.executeUpdate();
        }
        return erasureId;
    }

    private static long count(UUID erasureId) {
        return RealInfrastructure.shared().database("media").count("SELECT count(*) FROM erasure_job WHERE erasure_id = ?", erasureId);
    }
}

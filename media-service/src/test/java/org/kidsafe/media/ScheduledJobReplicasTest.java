package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.erasure.ErasureTaskRepository;
import org.kidsafe.media.erasure.ErasureWorker;
import org.kidsafe.media.retention.RetentionPurgeService;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.ReplicaRace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * media-service's scheduled work run by two replicas at once against one database (issue 21 item 1): each run has its
 * own connections and transactions. The retention purge's runs are forced to overlap on a held {@code media_item} lock
 * ({@link ReplicaRace}); an erasure job that another replica's worker holds is left to it until its lease runs out.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class ScheduledJobReplicasTest {

    @Inject
    MutableClock clock;
    @Inject
    RetentionPurgeService retention;
    @Inject
    ErasureWorker worker;
    @Inject
    ErasureTaskRepository jobs;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void twoReplicasPurgingExpiredItemsDeleteEachOnceAndOneRunFinishesTheBacklog() throws Exception {
        Family family = Family.withConsent(DataCategory.VOICE);
        for (int clip = 0; clip < 5; clip++) {
            family.upload(TestMedia.wav(new byte[200 + clip])).statusCode(201);
        }
        clock.advance(Duration.ofDays(31));
        long stored = items();

        long first;
        long second;
        try (ReplicaRace race = new ReplicaRace("media", "LOCK TABLE media_item IN EXCLUSIVE MODE")) {
            CompletableFuture<Long> firstRun = race.start(retention::purgeExpired);
            CompletableFuture<Long> secondRun = race.start(retention::purgeExpired);
            race.release();
            first = ReplicaRace.outcome(firstRun);
            second = ReplicaRace.outcome(secondRun);
        }

        assertEquals(0, Family.count("SELECT count(*) FROM media_item WHERE child_id = ?", family.child), "the whole backlog went");
        long purged = stored - items();
        assertEquals(purged, first + second, "each expired item (and its blob) deleted by one replica, not by both");
    }

    @Test
    void anErasureAnotherReplicaHoldsIsLeftToItUntilItsLeaseRunsOut() throws Exception {
        Instant now = clock.instant();
        UUID held = pendingJob(now.minusSeconds(60), now.plus(Duration.ofMinutes(5)));
        UUID free = pendingJob(now, null);

        worker.wakeUp();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(free));
        assertEquals(0, Family.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND completed_at IS NOT NULL", held),
                "another replica's worker is deleting this child's blobs: this one must not start it again");

        clock.advance(Duration.ofMinutes(6));
        worker.wakeUp();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(held));
    }

    /**
     * A worker renews the leases of the jobs it holds while it works (every third of the 30 s lease), so a long erasure
     * keeps its claim while a dead instance's claim runs out within one lease; a renewal never re-claims a job its worker
     * let go or finished.
     */
    @Test
    void aRenewalExtendsTheClaimsStillHeldAndNoOther() throws Exception {
        Instant now = clock.instant();
        UUID held = pendingJob(now, now.plusSeconds(5));
        UUID released = pendingJob(now, null);
        UUID finished = pendingJob(now, now.plusSeconds(5));
        try (Connection connection = Family.connect();
             PreparedStatement finish = connection.prepareStatement("UPDATE erasure_job SET completed_at = now() WHERE erasure_id = ?")) {
            finish.setObject(1, finished);
            finish.executeUpdate();
        }
        Instant until = now.plus(Duration.ofSeconds(30));

        int renewed = QuarkusTransaction.requiringNew().call(() -> jobs.renew(List.of(held, released, finished), until));

        assertEquals(1, renewed);
        var media = RealInfrastructure.shared().database("media");
        assertEquals(1, media.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until = ?", held, Timestamp.from(until)));
        assertEquals(1, media.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until IS NULL", released));
        assertEquals(1, media.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until < ?", finished, Timestamp.from(until)));
    }

    /** An accepted VOICE erasure of a child with nothing stored, claimed by another replica until {@code claimedUntil} (null: by none). */
    private static UUID pendingJob(Instant requestedAt, Instant claimedUntil) throws SQLException {
        UUID erasureId = UUID.randomUUID();
        try (Connection connection = Family.connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO erasure_job (erasure_id, child_id, categories, requested_at, key_destroyed, erased_counts, claimed_until)
                     VALUES (?, ?, 'VOICE', ?, false, '', ?)""")) {
            insert.setObject(1, erasureId);
            insert.setObject(2, UUID.randomUUID());
            insert.setTimestamp(3, Timestamp.from(requestedAt));
            insert.setTimestamp(4, claimedUntil == null ? null : Timestamp.from(claimedUntil));
            insert.executeUpdate();
        }
        return erasureId;
    }

    /** Every item of every child: the purge takes what other tests left expired too. */
    private static long items() {
        return RealInfrastructure.shared().database("media").count("SELECT count(*) FROM media_item");
    }

    private static boolean completed(UUID erasureId) {
        return RealInfrastructure.shared().database("media")
                .count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND completed_at IS NOT NULL", erasureId) == 1;
    }
}

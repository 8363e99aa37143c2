package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.erasure.OverdueErasureJob;
import org.kidsafe.consent.verification.AbandonedSignUpPurgeJob;
import org.kidsafe.consent.verification.RevocationReminderJob;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.ReplicaRace;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * consent-service's scheduled jobs run by two replicas at once against one database (issue 21 item 1): each run has its
 * own connections and transactions, and the runs are forced to overlap on a held {@code ledger_entry} lock
 * ({@link ReplicaRace}). Each job does its work once, and one run finishes a backlog larger than one batch (the test
 * profile's {@code kidsafe.jobs.<job>.batch} is 2).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ScheduledJobReplicasTest {

    private static final String LOCK_LEDGER = "LOCK TABLE ledger_entry IN EXCLUSIVE MODE";

    @Inject
    MutableClock clock;
    @Inject
    AbandonedSignUpPurgeJob abandonedSignUps;
    @Inject
    RevocationReminderJob reminders;
    @Inject
    OverdueErasureJob overdue;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void twoReplicasPurgingAbandonedSignUpsRecordEachOnceAndOneRunFinishesTheBacklog() throws Exception {
        List<Parents> abandoned = Stream.generate(Parents::new).limit(5).toList();
        abandoned.forEach(Parents::requestCode);
        clock.advance(Duration.ofDays(15));

        try (ReplicaRace race = new ReplicaRace("consent", LOCK_LEDGER)) {
            CompletableFuture<Void> first = race.start(run(abandonedSignUps::purgeAbandonedSignUps));
            CompletableFuture<Void> second = race.start(run(abandonedSignUps::purgeAbandonedSignUps));
            race.release();
            ReplicaRace.outcome(first);
            ReplicaRace.outcome(second);
        }

        for (Parents parent : abandoned) {
            assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id), "the whole backlog went");
            assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'SIGN_UP_ABANDONED'", parent.id),
                    "one sign-up, one ledger entry, however many replicas purged");
        }
    }

    @Test
    void twoReplicasSendingRevocationRemindersSendEachOnce() throws Exception {
        List<Parents> parents = Stream.generate(() -> new Parents().verifiedByEmail()).limit(5).toList();
        clock.advance(Duration.ofHours(25));

        try (ReplicaRace race = new ReplicaRace("consent", LOCK_LEDGER)) {
            CompletableFuture<Void> first = race.start(run(reminders::sendDueReminders));
            CompletableFuture<Void> second = race.start(run(reminders::sendDueReminders));
            race.release();
            ReplicaRace.outcome(first);
            ReplicaRace.outcome(second);
        }

        for (Parents parent : parents) {
            assertEquals(2, parent.mailbox().length, "the code, then exactly one reminder");
            assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'VERIFICATION_REMINDER_SENT'", parent.id));
        }
    }

    @Test
    void oneSweepAsksEveryOverdueSagaAgainInBatches() {
        List<UUID> sagas = Stream.generate(this::pendingChatErasure).limit(5).toList();
        clock.advance(Duration.ofHours(1));

        overdue.askOverdueParticipantsAgain();

        for (UUID erasureId : sagas) {
            assertEquals(2, Database.count("SELECT times_asked FROM erasure_request WHERE id = ?", erasureId),
                    "every overdue saga of the backlog is asked again in one run");
        }
    }

    /** A CHAT erasure no participant has answered yet; returns its id. */
    private UUID pendingChatErasure() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);
        return UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/{id}/consents/CHAT", child)
                .then().statusCode(202).extract().path("erasureId"));
    }

    private static java.util.function.Supplier<Void> run(Runnable job) {
        return () -> {
            job.run();
            return null;
        };
    }
}

package org.kidsafe.consent;

import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Engine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.account.AccountDeletions;
import org.kidsafe.consent.child.ChildService;
import org.kidsafe.consent.erasure.ErasureService;
import org.kidsafe.consent.leaving.LeavingService;
import org.kidsafe.consent.verification.IdleParents;
import org.kidsafe.consent.verification.ParentMail;
import org.kidsafe.consent.verification.ParentMailWithHook;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.crypto.signing.SigningKeyIds;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 5: a parent leaves KidSafe (DELETE /v1/me). Every child gets a normal erasure; once all completed, the
 * receipts are mailed (real SMTP), then the parent's contact, forms and codes go, then their Keycloak user (a real
 * Keycloak, through the client kidsafe-parent-accounts), retried while Keycloak refuses; the ledger
 * records it. It acts on the token's subject alone. An idle parent's purge takes the same path to Keycloak.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
class LeavingTest {

    @Inject
    LeavingService leaving;
    @Inject
    AccountDeletions accounts;
    @Inject
    ErasureService erasures;
    @Inject
    IdleParents idleParents;
    @Inject
    MutableClock clock;
    @Inject
    ChildService children;
    @Inject
    Mailer mailer;
    @Inject
    Engine engine;

    @Test
    void aParentWithTwoChildrenLeavesWithTheirReceiptsMailedBeforeTheirAccountGoes() {
        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        UUID first = leaver.registerChild();
        UUID second = leaver.registerChild();
        Parents other = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        UUID othersChild = other.registerChild();

        JsonPath started = given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202).extract().jsonPath();
        List<UUID> erasureIds = started.getList("erasureIds", String.class).stream().map(UUID::fromString).toList();
        assertEquals(2, erasureIds.size(), "one erasure per child");
        assertFalse(started.getBoolean("recordsDeleted"));
        JsonPath again = given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202).extract().jsonPath();
        assertEquals(started.getList("erasureIds"), again.getList("erasureIds"), "a second call answers the same leaving");
        assertEquals(started.getString("startedAt"), again.getString("startedAt"));
        assertEquals(0, Database.count("SELECT count(*) FROM child_guardian WHERE parent_id = ?", leaver.id));
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", leaver.id),
                "the contact stays for the receipts");

        leaving.finishReady();
        assertEquals(1, leaver.mailbox().length, "no receipt is mailed while an erasure is pending");

        KeycloakTestResource.parentAccountsClientEnabled(false);
        try {
            for (UUID erasureId : erasureIds) {
                UUID child = childOf(erasureId);
                assertTrue(List.of(first, second).contains(child));
                for (String service : List.of("profile-service", "media-service")) {
                    erasures.acceptReport(child, erasureId, service, report(service, erasureId, child));
                }
            }
            leaving.finishReady();
            MimeMessage[] mails = await().atMost(Duration.ofSeconds(20)).until(leaver::mailbox, found -> found.length == 2);
            String receipts = Parents.text(mails[1]);
            for (UUID erasureId : erasureIds) {
                assertTrue(receipts.contains(erasureId.toString()), receipts);
                assertTrue(receipts.contains(text("SELECT receipt FROM erasure_request WHERE id = ?", erasureId)),
                        "the signed receipt itself is mailed");
            }
            assertTrue(KeycloakTestResource.userExists(leaver.id), "Keycloak refuses: the account waits, the receipts went first");
            for (String table : List.of("parent_contact", "email_challenge", "consent_form", "parent_verification")) {
                assertEquals(0, Database.count("SELECT count(*) FROM " + table + " WHERE parent_id = ?", leaver.id), table);
            }
            assertEquals(1, Database.count("SELECT count(*) FROM parent_account_deletion WHERE parent_id = ? AND attempts >= 1", leaver.id));
            given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202)
                    .body("recordsDeleted", org.hamcrest.Matchers.equalTo(true));
        } finally {
            KeycloakTestResource.parentAccountsClientEnabled(true);
        }

        clock.advance(Duration.ofMinutes(3));
        accounts.processDue();
        assertFalse(KeycloakTestResource.userExists(leaver.id), "the account is deleted once Keycloak agrees");
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_LEFT'", leaver.id));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_DATA_DELETED'", leaver.id));
        leaving.finishReady();
        assertEquals(0, Database.count("SELECT count(*) FROM parent_leaving WHERE parent_id = ?", leaver.id), "nothing of the parent is left");

        // BOLA: the leaver's token acted on the leaver alone.
        assertTrue(KeycloakTestResource.userExists(other.id));
        assertEquals(1, Database.count("SELECT count(*) FROM child_guardian WHERE child_id = ? AND parent_id = ?", othersChild, other.id));
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", other.id));
    }

    /**
     * Issue 19 item 4: a child the leaver shares with another guardian is not erased; the leaver stops being its guardian
     * (recorded and announced like any removal), the other keeps it, and the leaver, holding no child alone, leaves at once.
     */
    @Test
    void aParentLeavingASharedChildLeavesItWithTheOtherGuardian() {
        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        Parents other = new Parents(KeycloakTestResource.createParentUser());
        UUID shared = leaver.registerChild();
        leaver.share(shared, other);

        given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202)
                .body("erasureIds.size()", org.hamcrest.Matchers.equalTo(0));

        assertEquals(0, Database.count("SELECT count(*) FROM erasure_request WHERE child_id = ?", shared), "the shared child is not erased");
        assertEquals(1, Database.count("SELECT count(*) FROM child_guardian WHERE child_id = ?", shared));
        assertEquals(1, Database.count("SELECT count(*) FROM child_guardian WHERE child_id = ? AND parent_id = ?", shared, other.id));
        assertEquals(1, Database.count("""
                SELECT count(*) FROM ledger_entry WHERE type = 'GUARDIAN_REMOVED' AND child_id = ? AND parent_id = ? AND details LIKE '%"left"%'""",
                shared, leaver.id));
        await().atMost(Duration.ofSeconds(20)).until(() -> !KeycloakTestResource.userExists(leaver.id));
        given().auth().oauth2(other.token()).when().get("/v1/children/{c}/guardians", shared).then().statusCode(200)
                .body("guardians.size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aParentWithoutChildLeavesAtOnce() {
        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202)
                .body("erasureIds.size()", org.hamcrest.Matchers.equalTo(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> leaver.mailbox().length == 2);
        assertFalse(KeycloakTestResource.userExists(leaver.id));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", leaver.id));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_LEFT'", leaver.id));
    }

    /**
     * The request finishes its own parent only: another leaving whose receipts are due (its mail, its Keycloak user)
     * is the job's; the request used to finish a whole batch of them and could time out.
     */
    @Test
    void leavingAtOnceFinishesOnlyTheCallerInTheRequest() {
        Parents waiting = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        UUID child = waiting.registerChild();
        UUID erasureId = UUID.fromString(given().auth().oauth2(waiting.token()).when().delete("/v1/me").then().statusCode(202)
                .extract().jsonPath().getList("erasureIds", String.class).get(0));
        for (String service : List.of("profile-service", "media-service")) {
            erasures.acceptReport(child, erasureId, service, report(service, erasureId, child));
        }

        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202);
        assertFalse(KeycloakTestResource.userExists(leaver.id), "the caller leaves at once");
        assertEquals(1, Database.count("SELECT count(*) FROM parent_leaving WHERE parent_id = ? AND data_deleted_at IS NULL", waiting.id),
                "the other parent waits for the job");
        assertEquals(1, waiting.mailbox().length);

        leaving.finishReady();
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_DATA_DELETED'", waiting.id));
        assertFalse(KeycloakTestResource.userExists(waiting.id));
    }

    @Test
    void aLeavingParentCannotRegisterAChild() {
        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        leaver.registerChild();
        given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202);

        given().auth().oauth2(leaver.token()).when().post("/v1/children").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("leaving"))
                .body("title", org.hamcrest.Matchers.equalTo("Leaving KidSafe"));
        assertEquals(0, Database.count("SELECT count(*) FROM child_guardian WHERE parent_id = ?", leaver.id));
    }

    /**
     * A child that appears while the receipts are mailed (outside the lock) stops the records' deletion; the next run
     * erases it instead of leaving it orphaned. It is inserted directly: registering refuses a leaving parent.
     */
    @Test
    void aChildThatAppearsWhileTheReceiptsAreMailedIsErasedNotOrphaned() {
        Parents leaver = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        UUID late = UUID.randomUUID();
        AtomicBoolean inserted = new AtomicBoolean();
        QuarkusMock.installMockForType(new ParentMailWithHook(mailer, engine, () -> {
            if (inserted.compareAndSet(false, true)) {
                insertChild(late, leaver.id);
            }
        }), ParentMail.class);

        given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202);
        assertEquals(1, Database.count("SELECT count(*) FROM parent_leaving WHERE parent_id = ? AND data_deleted_at IS NULL", leaver.id),
                "the records stay while a child is held");
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", leaver.id));

        leaving.finishReady();
        assertEquals(0, Database.count("SELECT count(*) FROM child WHERE id = ?", late));
        assertEquals(1, Database.count("SELECT count(*) FROM erasure_request WHERE child_id = ? AND parent_id = ?", late, leaver.id),
                "the late child gets its erasure");
    }

    /** A child registered while the purge runs (its registration holds the parent's lock) keeps the parent. */
    @Test
    void theIdlePurgeSkipsAParentWhoRegistersAChildMeanwhile() throws Exception {
        Parents idle = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        clock.advance(Duration.ofDays(31));
        idleParents.remindDue();
        clock.advance(Duration.ofDays(15));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch registered = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<?> registering = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                children.register(idle.id);
                registered.countDown();
                awaitLatch(commit);
            }));
            assertTrue(registered.await(20, TimeUnit.SECONDS));
            Future<Integer> purging = threads.submit(idleParents::purgeDue);
            await().atMost(Duration.ofSeconds(20)).until(() -> purging.isDone()
                    || Database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);
            commit.countDown();
            registering.get(20, TimeUnit.SECONDS);
            purging.get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", idle.id));
        assertEquals(1, Database.count("SELECT count(*) FROM child_guardian WHERE parent_id = ?", idle.id));
        assertEquals(0, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'IDLE_PARENT_PURGED'", idle.id));
        assertTrue(KeycloakTestResource.userExists(idle.id));
    }

    @Test
    void anIdleParentsPurgeDeletesTheirAccountToo() {
        Parents idle = new Parents(KeycloakTestResource.createParentUser()).verifiedByEmail();
        Parents withoutUser = new Parents().verifiedByEmail();
        clock.advance(Duration.ofDays(31));
        idleParents.remindDue();
        clock.advance(Duration.ofDays(15));
        idleParents.purgeDue();
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", idle.id));
        assertFalse(KeycloakTestResource.userExists(idle.id));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_LEFT'", idle.id));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_LEFT'", withoutUser.id),
                "a user already gone counts as deleted (Keycloak answers 404)");
        assertEquals(0, Database.count("SELECT count(*) FROM parent_account_deletion WHERE parent_id = ?", withoutUser.id));
    }

    private static void insertChild(UUID childId, UUID parentId) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = Database.asService();
             PreparedStatement child = connection.prepareStatement("INSERT INTO child (id, created_at) VALUES (?, ?)");
             PreparedStatement guardian = connection.prepareStatement(
                     "INSERT INTO child_guardian (child_id, parent_id, child_created_at, added_at) VALUES (?, ?, ?, ?)")) {
            child.setObject(1, childId);
            child.setTimestamp(2, now);
            child.executeUpdate();
            guardian.setObject(1, childId);
            guardian.setObject(2, parentId);
            guardian.setTimestamp(3, now);
            guardian.setTimestamp(4, now);
            guardian.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static UUID childOf(UUID erasureId) {
        return UUID.fromString(text("SELECT child_id::text FROM erasure_request WHERE id = ?", erasureId));
    }

    private static String text(String sql, UUID parameter) {
        try {
            return Database.text(sql, parameter);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** A participant's report for every category, signed with its current key. */
    static String report(String service, UUID erasureId, UUID child) {
        Instant now = Instant.now();
        ErasureReport report = new ErasureReport(erasureId, child, service, EnumSet.allOf(DataCategory.class), Map.of(), "rows deleted", true,
                now, now, List.of(new ErasureReport.Store(service + " database", now, now)), now, now);
        Path key = MailAndKeysTestResource.KEYS.resolve(service + ".key");
        String keyId = SigningKeyIds.of(service, SigningKeys.readPublic(ServiceSigningKey.publicFileOf(key)));
        return Es256Jws.sign(report, keyId, SigningKeys.readPrivate(key));
    }
}

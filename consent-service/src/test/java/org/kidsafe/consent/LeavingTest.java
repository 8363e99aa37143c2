package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.account.AccountDeletions;
import org.kidsafe.consent.erasure.ErasureService;
import org.kidsafe.consent.leaving.LeavingService;
import org.kidsafe.consent.verification.IdleParents;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.crypto.signing.SigningKeyIds;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        assertEquals(0, Database.count("SELECT count(*) FROM child WHERE parent_id = ?", leaver.id));
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
        assertEquals(1, Database.count("SELECT count(*) FROM child WHERE id = ? AND parent_id = ?", othersChild, other.id));
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", other.id));
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
    private static String report(String service, UUID erasureId, UUID child) {
        Instant now = Instant.now();
        ErasureReport report = new ErasureReport(erasureId, child, service, EnumSet.allOf(DataCategory.class), Map.of(), "rows deleted", true,
                now, now, List.of(new ErasureReport.Store(service + " database", now, now)), now, now);
        Path key = MailAndKeysTestResource.KEYS.resolve(service + ".key");
        String keyId = SigningKeyIds.of(service, SigningKeys.readPublic(ServiceSigningKey.publicFileOf(key)));
        return Es256Jws.sign(report, keyId, SigningKeys.readPrivate(key));
    }
}

package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 1 review: every Keycloak user holds {@code parent} by default, so an officer or a toy who acted as a
 * parent (a parent-app token before the app's browser flow refused them, or a token made otherwise) could leave
 * KidSafe, and consent-service's client, with manage-users over every user, would delete their Keycloak user. Against a
 * real Keycloak: such a user's data goes as any leaver's, their user stays, and the deletion is not retried forever.
 * (A parent's user going is LeavingTest's.)
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
class KeycloakParentAccountsTest {

    @Test
    void anOfficersOrAToysUserIsNeverDeletedWhenTheyLeaveAsAParent() {
        Map<String, UUID> users = Map.of(
                "officer", KeycloakTestResource.createUserWithRole(KidSafeRealm.ROLE_COMPLIANCE_OFFICER),
                "toy", KeycloakTestResource.createToyUser());
        users.forEach((who, id) -> {
            Parents leaver = new Parents(id).verifiedByEmail();
            given().auth().oauth2(leaver.token()).when().delete("/v1/me").then().statusCode(202);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_LEFT'", id) == 1);
            assertTrue(KeycloakTestResource.userExists(id), "the " + who + "'s Keycloak user was deleted");
            assertEquals(0, Database.count("SELECT count(*) FROM parent_account_deletion WHERE parent_id = ?", id),
                    "the refused deletion of the " + who + "'s user is not retried");
            assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", id), "their parent data went");
        });
    }
}

package org.kidsafe.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.TestTokens;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 22 item 3, the verified-token cache through the whole gateway: Quarkus OIDC checks a caller's token once, and
 * the caller's next requests with it are not verified again, with the same identity (subject, roles). The cache's own
 * rules (never beyond {@code exp}, emptied on key rotation, bounded) are proven in {@code token/TokenCacheTest}; a
 * forged or expired token, never cached, is refused as {@code GatewaySecurityTest} shows. Before the change the
 * gateway had no {@code kidsafe.gateway.token.verifications} counter and verified every request's token.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class VerifiedTokenTest {

    private static final String GATEWAY = GatewayRoutingTest.AUDIENCE;

    @Inject
    MeterRegistry metrics;

    @Test
    void theSecondRequestWithATokenIsNotVerifiedAgain() {
        String token = TestTokens.parent(UUID.randomUUID(), GATEWAY);
        String path = "/api/v1/children/" + UUID.randomUUID();
        double before = verifications();
        given().auth().oauth2(token).when().get(path).then().statusCode(200);
        given().auth().oauth2(token).when().get(path).then().statusCode(200).body("service", equalTo("consent-service"));
        assertEquals(before + 1, verifications(), "one verification for two requests");

        given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), GATEWAY)).when().get(path).then().statusCode(200);
        assertEquals(before + 2, verifications(), "another token is verified on its own");
    }

    @Test
    void aCachedIdentityKeepsItsRoles() {
        String parent = TestTokens.parent(UUID.randomUUID(), GATEWAY);
        String holdings = "/api/v1/children/" + UUID.randomUUID() + "/holdings";
        given().auth().oauth2(parent).when().get(holdings).then().statusCode(200);
        given().auth().oauth2(parent).when().get(holdings).then().statusCode(200);

        String toy = TestTokens.toy("device-" + UUID.randomUUID(), UUID.randomUUID(), GATEWAY);
        given().auth().oauth2(toy).when().get(holdings).then().statusCode(403);
        given().auth().oauth2(toy).when().get(holdings).then().statusCode(403);
    }

    private double verifications() {
        return metrics.counter("kidsafe.gateway.token.verifications").count();
    }
}

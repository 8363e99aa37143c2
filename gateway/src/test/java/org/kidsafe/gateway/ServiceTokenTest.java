package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue 16 item 4 at the gateway: a service gets a token exchanged for it alone, never the caller's, and the
 * exchange is cached per caller token and service. Keycloak is stood in for by the stub's token endpoint here
 * (the real Keycloak's exchange is proven in embedded-platform's {@code TokenExchangeTest} and end to end in
 * {@code ServiceScopedTokenIT}). On the gateway before the change the caller's token was forwarded unchanged, so
 * every test here failed.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ServiceTokenTest {

    private static final String GATEWAY = GatewayRoutingTest.AUDIENCE;

    @Test
    void eachServiceGetsATokenOfItsOwnAudienceOnly() {
        String token = TestTokens.parent(UUID.randomUUID(), GATEWAY);
        String child = UUID.randomUUID().toString();
        assertEquals(List.of("kidsafe-consent"), audiences(forwarded(token, "/api/v1/children/" + child)));
        assertEquals(List.of("kidsafe-profile"), audiences(forwarded(token, "/api/v1/children/" + child + "/profile")));
        assertEquals(List.of("kidsafe-media"), audiences(forwarded(token, "/api/v1/children/" + child + "/media")));
    }

    @Test
    void theSecondRequestOfACallerToOneServiceCostsNoExchange() {
        String token = TestTokens.parent(UUID.randomUUID(), GATEWAY);
        String path = "/api/v1/children/" + UUID.randomUUID();
        long before = Stubs.exchanges();
        String first = forwarded(token, path);
        String second = forwarded(token, path);
        assertEquals(first, second, "the cached service token is reused");
        assertEquals(before + 1, Stubs.exchanges(), "one exchange for two requests");

        forwarded(TestTokens.parent(UUID.randomUUID(), GATEWAY), path);
        assertEquals(before + 2, Stubs.exchanges(), "another caller's token is exchanged on its own");
    }

    @Test
    void aServiceScopedTokenIsRefusedAtTheGateway() {
        String atConsent = forwarded(TestTokens.parent(UUID.randomUUID(), GATEWAY), "/api/v1/children/" + UUID.randomUUID())
                .substring("Bearer ".length());
        given().auth().oauth2(atConsent).when().get("/api/v1/children/" + UUID.randomUUID())
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aSubjectTokenKeycloakRefusesIsUnauthorized() {
        given().auth().oauth2(TestTokens.parent(UUID.fromString(StubServices.REFUSED_SUBJECT), GATEWAY))
                .when().get("/api/v1/children/" + UUID.randomUUID())
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void keycloakDownIsServiceUnavailableNamingIt() {
        Stubs.keycloakDown(true);
        try {
            given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), GATEWAY))
                    .when().get("/api/v1/children/" + UUID.randomUUID())
                    .then().statusCode(503).contentType("application/problem+json").body("service", equalTo("keycloak"));
            given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), GATEWAY))
                    .when().get("/api/v1/children/" + UUID.randomUUID() + "/holdings")
                    .then().statusCode(503).contentType("application/problem+json");
        } finally {
            Stubs.keycloakDown(false);
        }
    }

    @Test
    void aPublicRouteGetsNoToken() {
        String caller = TestTokens.parent(UUID.randomUUID(), GATEWAY);
        String callerAuthorization = given().auth().oauth2(caller).when().get("/api/v1/notices/current")
                .then().statusCode(200).extract().path("headers.authorization");
        assertEquals(null, callerAuthorization);
        given().auth().oauth2(caller).when().get("/api/v1/notices/current").then().body("headers.authorization", nullValue());
    }

    @Test
    void aToysClaimsTravelInItsServiceToken() {
        UUID childId = UUID.randomUUID();
        String forwarded = forwarded(TestTokens.toy("device-1", childId, GATEWAY), "/api/v1/chat/inbox");
        JsonObject claims = claims(forwarded);
        assertEquals(childId.toString(), claims.getString("child_id"));
        assertEquals("device-1", claims.getString("device_id"));
        assertNotEquals(-1, claims.getJsonArray("groups").getList().indexOf("toy"));
    }

    /**
     * Issue 17 item 3: only a token of the officer console (password and one-time code) is exchanged with the officer
     * scope, the one source of the role compliance-officer in a service's token; an officer's token of the parent app is
     * exchanged without it. On the gateway before the change, no exchange asked for the officer scope.
     */
    @Test
    void onlyTheOfficerConsolesTokenReachesAServiceAsAnOfficers() {
        String path = "/api/v1/admin/consent-forms";
        JsonObject console = claims(forwarded(officer("kidsafe-officer-console"), path));
        assertNotEquals(-1, console.getJsonArray("groups").getList().indexOf("compliance-officer"), console.encode());
        assertEquals("kidsafe-consent-audience kidsafe-officer", console.getString("scope"));

        JsonObject app = claims(forwarded(officer("kidsafe-parent-app"), path));
        assertEquals(-1, app.getJsonArray("groups", new JsonArray()).getList().indexOf("compliance-officer"), app.encode());
        assertEquals("kidsafe-consent-audience", app.getString("scope"));
    }

    private static String officer(String clientId) {
        return TestTokens.sign(TestTokens.claims(UUID.randomUUID().toString(), GATEWAY, "compliance-officer").claim("azp", clientId));
    }

    private static String forwarded(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().path("headers.authorization");
    }

    /** The {@code aud} of a forwarded {@code Bearer ...} header's token, as a list. */
    static List<String> audiences(String authorization) {
        Object aud = claims(authorization).getValue("aud");
        List<String> values = new ArrayList<>();
        if (aud instanceof JsonArray array) {
            array.forEach(value -> values.add(value.toString()));
        } else if (aud != null) {
            values.add(aud.toString());
        }
        return values;
    }

    private static JsonObject claims(String authorization) {
        String jwt = authorization.substring("Bearer ".length());
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}

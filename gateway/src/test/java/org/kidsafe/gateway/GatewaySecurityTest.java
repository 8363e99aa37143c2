package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class GatewaySecurityTest {

    private static final String AUDIENCE = GatewayRoutingTest.AUDIENCE;
    private static final String CHILD_PATH = "/api/v1/children/" + UUID.randomUUID();

    @Test
    void aValidTokenForTheGatewayPasses() {
        given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), AUDIENCE))
                .when().get(CHILD_PATH)
                .then().statusCode(200).body("service", equalTo("consent-service"));
    }

    @Test
    void noTokenIsRefused() {
        refused(given().when().get(CHILD_PATH).then());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey otherKey = generator.generateKeyPair().getPrivate();
        String forged = TestTokens.claims(UUID.randomUUID().toString(), AUDIENCE, "parent").jws().keyId("1").sign(otherKey);
        refused(given().auth().oauth2(forged).when().get(CHILD_PATH).then());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = TestTokens.sign(TestTokens.claims(UUID.randomUUID().toString(), AUDIENCE, "parent")
                .issuedAt(Instant.now().minusSeconds(600))
                .expiresAt(Instant.now().minusSeconds(60)));
        refused(given().auth().oauth2(expired).when().get(CHILD_PATH).then());
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        refused(given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), "kidsafe-media")).when().get(CHILD_PATH).then());
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String foreign = TestTokens.sign(TestTokens.claims(UUID.randomUUID().toString(), AUDIENCE, "parent")
                .issuer("https://evil.example.com"));
        refused(given().auth().oauth2(foreign).when().get(CHILD_PATH).then());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String valid = TestTokens.parent(UUID.randomUUID(), AUDIENCE);
        String payload = valid.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        refused(given().auth().oauth2(header + "." + payload + ".").when().get(CHILD_PATH).then());
    }

    @Test
    void publicRoutesNeedNoToken() {
        given().when().get("/api/v1/notices/current").then().statusCode(200).body("service", equalTo("consent-service"));
        given().when().get("/api/v1/keys").then().statusCode(200).body("service", equalTo("consent-service"));
        given().contentType(ContentType.JSON).body("{\"code\":\"123456\",\"deviceId\":\"toy-1\"}")
                .when().post("/api/v1/toys/pairings")
                .then().statusCode(200).body("service", equalTo("profile-service")).body("path", equalTo("/v1/toys/pairings"));
    }

    @Test
    void onlyTheNamedMethodOfAPublicPathIsPublic() {
        refused(given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/notices/current").then());
        refused(given().when().get("/api/v1/toys/pairings").then());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        secured(given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), AUDIENCE)).when().get(CHILD_PATH).then().statusCode(200));
        secured(given().when().get(CHILD_PATH).then().statusCode(401));
        secured(given().when().get("/q/health").then());
    }

    @Test
    void aConfiguredOriginMayCallTheApiFromABrowser() {
        given().header("Origin", "https://app.kidsafe.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options(CHILD_PATH)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.kidsafe.test")
                .header("Access-Control-Allow-Methods", notNullValue())
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void anotherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .when().options(CHILD_PATH)
                .then().statusCode(403);
    }

    private static void refused(ValidatableResponse response) {
        secured(response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("type", equalTo("https://kidsafe.dev/problems/unauthorized"))
                .body("requestId", notNullValue()));
    }

    private static void secured(ValidatableResponse response) {
        response.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .header("Cache-Control", "no-store")
                .header("X-Request-Id", notNullValue());
    }
}

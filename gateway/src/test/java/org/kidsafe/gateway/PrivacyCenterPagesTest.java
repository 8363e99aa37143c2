package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The privacy center's static pages: served by the gateway, with their own strict policy, and told where to sign in. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class PrivacyCenterPagesTest {

    @Test
    void thePageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsAndTheSignInServer() {
        String issuer = given().when().get("/privacy-center/config.json")
                .then().statusCode(200).body("clientId", equalTo("kidsafe-parent-app"))
                .extract().path("issuer");
        URI issuerUri = URI.create(issuer);
        given().when().get("/privacy-center/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<main id=\"main\""))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self' " + issuerUri.getScheme() + "://" + issuerUri.getAuthority() + ";"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-store"));
        given().when().get("/privacy-center/app.js")
                .then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void apiAnswersKeepThePolicyThatAllowsNothing() {
        given().when().get("/api/v1/children")
                .then().statusCode(401)
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }

    @Test
    void theBarePathLeadsToThePage() {
        given().redirects().follow(false).when().get("/privacy-center")
                .then().statusCode(301).header("Location", equalTo("/privacy-center/"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}

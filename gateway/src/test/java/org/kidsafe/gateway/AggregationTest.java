package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.TestTokens;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class AggregationTest {

    private final UUID child = UUID.randomUUID();

    @Test
    void holdingsCombineEveryServicesAnswer() {
        given().auth().oauth2(GatewayRoutingTest.parentToken())
                .when().get("/api/v1/children/" + child + "/holdings")
                .then().statusCode(200)
                .body("childId", equalTo(child.toString()))
                .body("partial", equalTo(false))
                .body("services.service", contains("consent-service", "media-service", "profile-service"))
                .body("services.available", contains(true, true, true))
                .body("services[1].holdings[0].kind", equalTo("media-service-item"))
                .body("services[2].holdings[0].count", equalTo(2));
    }

    @Test
    void theExportHasASectionPerServiceFetchedWithATokenForThatServiceOnly() {
        String token = GatewayRoutingTest.parentToken();
        var answer = given().auth().oauth2(token)
                .when().get("/api/v1/children/" + child + "/export")
                .then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"kidsafe-export-" + child + ".json\"")
                .body("services", hasSize(3))
                .body("services[0].data.items[0]", equalTo("consent-service-record"))
                .extract();
        assertEquals(List.of("kidsafe-consent"), ServiceTokenTest.audiences(answer.path("services[0].data.authorization")));
        assertEquals(List.of("kidsafe-media"), ServiceTokenTest.audiences(answer.path("services[1].data.authorization")));
        assertEquals(List.of("kidsafe-profile"), ServiceTokenTest.audiences(answer.path("services[2].data.authorization")));
    }

    @Test
    void aServiceThatIsDownMakesThePartPartialNotTheWholeAnswerFail() {
        Stubs.stop("profile-service");
        try {
            given().auth().oauth2(GatewayRoutingTest.parentToken())
                    .when().get("/api/v1/children/" + child + "/holdings")
                    .then().statusCode(200)
                    .body("partial", equalTo(true))
                    .body("services.available", contains(true, true, false))
                    .body("services[2].service", equalTo("profile-service"))
                    .body("services[2].holdings", nullValue());
        } finally {
            Stubs.start("profile-service");
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(GatewayRoutingTest.parentToken())
                .when().get("/api/v1/children/" + child + "/holdings")
                .then().statusCode(200).body("partial", equalTo(false)));
    }

    @Test
    void aChildTheServicesDoNotKnowForThisParentIsA404() {
        given().auth().oauth2(GatewayRoutingTest.parentToken())
                .when().get("/api/v1/children/" + StubServices.UNKNOWN_CHILD + "/holdings")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyParentsMayAskAndOnlyWithAToken() {
        given().when().get("/api/v1/children/" + child + "/export").then().statusCode(401);
        given().auth().oauth2(TestTokens.toy("device-1", child, GatewayRoutingTest.AUDIENCE))
                .when().get("/api/v1/children/" + child + "/holdings")
                .then().statusCode(403).contentType("application/problem+json");
    }
}

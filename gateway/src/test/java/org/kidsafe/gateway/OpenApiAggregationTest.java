package org.kidsafe.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.OpenApiContract;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class OpenApiAggregationTest {

    @TestHTTPResource(value = "openapi", management = true)
    URL ownDocument;

    @Test
    void oneDocumentDescribesEveryServiceUnderItsGatewayPath() {
        given().when().get("/api/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/children/{childId}/consents"))
                .body("paths", hasKey("/api/v1/children/{childId}/profile"))
                .body("paths", hasKey("/api/v1/children/{childId}/media"))
                .body("paths", hasKey("/api/v1/children/{childId}/export"))
                .body("paths", not(hasKey("/v1/children/{childId}/consents")))
                .body("paths", not(hasKey("/q/health")))
                .body("paths.'/api/v1/children/{childId}/holdings'.get.operationId", notNullValue())
                .body("paths.'/api/v1/children/{childId}/holdings'.get.tags", contains("Parents' review"))
                .body("x-kidsafe-unavailable", nullValue());
    }

    /**
     * The committed api/kidsafe-v1.yaml is this document as served (issue 20 item 2): it carries the project's licence
     * (Redocly's info-license) and lists paths and schemas in name order, not in the order the services answered.
     */
    @Test
    void theDocumentCarriesTheLicenceAndListsPathsAndSchemasInNameOrder() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().when().get("/api/openapi").then().statusCode(200)
                .extract().asByteArray());
        assertEquals("Apache-2.0", document.path("info").path("license").path("name").asText());
        assertSorted(document.path("paths"));
        assertSorted(document.path("components").path("schemas"));
    }

    private static void assertSorted(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void everyOperationNeedsTheBearerTokenExceptThePublicOnes() {
        given().when().get("/api/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.oidc.type", equalTo("openIdConnect"))
                .body("components.securitySchemes.oauth2.flows", hasKey("authorizationCode"))
                .body("paths.'/api/v1/children/{childId}/profile'.get.security.size()", equalTo(2))
                .body("paths.'/api/v1/children/{childId}/profile'.get.security", hasItem(hasKey("oidc")))
                .body("paths.'/api/v1/notices/current'.get.security.size()", equalTo(0))
                .body("paths.'/api/v1/toys/pairings'.post.security.size()", equalTo(0));
    }

    @Test
    void clashingSchemasArePrefixedAndIdenticalOnesShared() {
        given().when().get("/api/openapi")
                .then().statusCode(200)
                .body("components.schemas", hasKey("Page"))
                .body("components.schemas", not(hasKey("ProfileServicePage")))
                .body("components.schemas.Item.description", equalTo("Item of consent-service"))
                .body("components.schemas.ProfileServiceItem.description", equalTo("Item of profile-service"))
                .body("paths.'/api/v1/children/{childId}/profile'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/ProfileServiceItem"))
                .body("paths.'/api/v1/children/{childId}/media'.get.operationId", equalTo("MediaServicelist"));
    }

    @Test
    void aServiceThatIsDownIsNamedAndTheRestIsStillServed() {
        Stubs.stop("media-service");
        try {
            given().when().get("/api/openapi")
                    .then().statusCode(200)
                    .body("x-kidsafe-unavailable", contains("media-service"))
                    .body("paths", hasKey("/api/v1/children/{childId}/profile"))
                    .body("paths", not(hasKey("/api/v1/children/{childId}/media")));
        } finally {
            Stubs.start("media-service");
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/api/openapi")
                .then().body("x-kidsafe-unavailable", nullValue()));
    }

    @Test
    void schemasNoRoutedOperationUsesAreDropped() {
        given().when().get("/api/openapi")
                .then().statusCode(200)
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas", not(hasKey("Unrouted")))
                .body("servers.size()", equalTo(1));
    }

    @Test
    void theGatewaysOwnOperationsAreCompleteByTheSameContractAsTheServices() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").when().get(ownDocument)
                .then().statusCode(200).extract().asByteArray());
        OpenApiContract.export(document, "gateway");
        assertEquals(List.of(), OpenApiContract.violations(document));
    }

    /** Issue 17 item 1: the raw document moved to the management port; clients read /api/openapi. */
    @Test
    void theGatewaysOwnDocumentIsOnTheManagementPort() {
        given().queryParam("format", "json").when().get(ownDocument)
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/children/{childId}/holdings"));
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(404);
    }
}

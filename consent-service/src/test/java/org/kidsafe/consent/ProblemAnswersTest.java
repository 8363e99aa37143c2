package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Bad input is a 4xx problem+json with no internals, never a 500. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ProblemAnswersTest {

    private final String token = TestTokens.parent(UUID.randomUUID(), "kidsafe-consent");
    private final String path = "/v1/children/" + UUID.randomUUID() + "/consents";

    @Test
    void malformedJson() {
        post(ContentType.JSON, "{\"category\":").statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/malformed-body"))
                .body("requestId", notNullValue())
                .body(not(containsString("at org.")));
    }

    @Test
    void wrongTypeInAField() {
        post(ContentType.JSON, "{\"category\":\"PHOTOS\",\"noticeVersion\":\"one\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("noticeVersion"));
    }

    @Test
    void unknownCategory() {
        post(ContentType.JSON, "{\"category\":\"DNA\",\"noticeVersion\":1}")
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void missingFieldsAreListed() {
        post(ContentType.JSON, "{}").statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/validation-failed"))
                .body("errors.field", hasItem("noticeVersion"))
                .body("errors.field", hasItem("category"));
    }

    @Test
    void aNonUuidIdIsNotFound() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/children/../../etc/passwd/consents")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/children/' OR 1=1 --/consents")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMediaType() {
        post(ContentType.XML, "<consent/>").statusCode(415).contentType("application/problem+json");
    }

    @Test
    void oversizedBody() {
        post(ContentType.JSON, "{\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}").statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void unknownPath() {
        given().auth().oauth2(token).when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theCallersRequestIdIsEchoed() {
        given().auth().oauth2(token).header("X-Request-Id", "req-12345678").contentType(ContentType.JSON).body("{}")
                .when().post(path)
                .then().statusCode(400).header("X-Request-Id", "req-12345678").body("requestId", equalTo("req-12345678"));
    }

    private io.restassured.response.ValidatableResponse post(ContentType type, String body) {
        return given().auth().oauth2(token).contentType(type).body(body).when().post(path).then();
    }
}

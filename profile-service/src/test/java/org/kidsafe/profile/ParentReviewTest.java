package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ParentReviewTest {

    @Inject
    Fixtures fixtures;

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final String device = "bear-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theParentSeesWhatIsHeldAndCanExportIt() {
        String name = fixtures.childWithProfile(child, parent);
        String code = given().auth().oauth2(Fixtures.parentToken(parent)).when().post("/v1/children/{childId}/pairing-codes", child)
                .then().statusCode(201).extract().path("code");
        given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\",\"deviceId\":\"" + device + "\"}")
                .when().post("/v1/toys/pairings").then().statusCode(201);

        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/holdings", child)
                .then().statusCode(200)
                .body("service", equalTo("profile-service"))
                .body("holdings", hasSize(3))
                .body("holdings.find { it.kind == 'profile' }.count", equalTo(1))
                .body("holdings.find { it.kind == 'profile' }.category", equalTo("PROFILE"))
                .body("holdings.find { it.kind == 'profile' }.retention", equalTo("P548D"))
                .body("holdings.find { it.kind == 'profile' }.oldest", notNullValue())
                .body("holdings.find { it.kind == 'toy-binding' }.count", equalTo(1))
                .body("holdings.find { it.kind == 'pairing-code' }.count", equalTo(1));

        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/export", child)
                .then().statusCode(200)
                .body("service", equalTo("profile-service"))
                .body("profile.displayName", equalTo(name))
                .body("profile.avatar", equalTo("FOX"))
                .body("toys[0].deviceId", equalTo(device))
                .body("toys[0].status", equalTo("PAIRED"))
                .body("pairingCodes[0].redeemedAt", notNullValue());
    }

    @Test
    void nobodyElseSeesIt() {
        fixtures.childWithProfile(child, parent);
        for (String path : new String[] {"/v1/children/{childId}/holdings", "/v1/children/{childId}/export"}) {
            given().auth().oauth2(Fixtures.parentToken(UUID.randomUUID())).when().get(path, child).then().statusCode(404);
            given().auth().oauth2(TestTokens.complianceOfficer(UUID.randomUUID(), Fixtures.AUDIENCE)).when().get(path, child)
                    .then().statusCode(403);
            given().auth().oauth2(TestTokens.toy(device, child, Fixtures.AUDIENCE)).when().get(path, child).then().statusCode(403);
        }
    }
}

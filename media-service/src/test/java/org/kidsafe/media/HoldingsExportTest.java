package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Parents' review: what media-service holds about their child, and an export of it. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class HoldingsExportTest {

    @Test
    void holdingsCountEachKindWithItsRetention() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
        family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 20))).statusCode(201);
        family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 21))).statusCode(201);
        given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body("{\"text\":\"hi mum\"}").post("/v1/chat").then().statusCode(201);

        JsonPath holdings = given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/holdings", family.child)
                .then().statusCode(200).body("service", equalTo("media-service")).body("holdings", hasSize(3)).extract().jsonPath();

        Map<String, Object> photos = entry(holdings, "photo");
        assertEquals("PHOTOS", photos.get("category"));
        assertEquals(2, photos.get("count"));
        assertEquals("P365D", photos.get("retention"));
        assertNotNull(photos.get("oldest"));
        assertEquals(0, entry(holdings, "voice").get("count"));
        assertEquals("P30D", entry(holdings, "voice").get("retention"));
        assertEquals(1, entry(holdings, "chat").get("count"));
        assertEquals("P90D", entry(holdings, "chat").get("retention"));
    }

    @Test
    void theExportHasEveryItemWithADownloadPath() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.CHAT);
        String photo = family.upload(TestMedia.png(TestMedia.noise(8, 8, 22))).statusCode(201).extract().path("id");
        given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body("{\"text\":\"look at my drawing\"}").post("/v1/chat").then().statusCode(201);

        JsonPath export = given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/export", family.child)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("service", equalTo("media-service")).body("childId", equalTo(family.child.toString()))
                .body("items", hasSize(2)).extract().jsonPath();

        String path = export.getString("items.find { it.id == '" + photo + "' }.contentPath");
        assertEquals("/v1/children/" + family.child + "/media/" + photo + "/content", path);
        assertEquals("look at my drawing", export.getString("items.find { it.kind == 'chat' }.text"));
        given().auth().oauth2(family.parentToken()).when().get(path).then().statusCode(200).contentType("image/png");

        Family stranger = Family.withConsent(DataCategory.PHOTOS);
        given().auth().oauth2(stranger.parentToken()).when().get("/v1/children/{c}/export", family.child).then().statusCode(404);
        given().auth().oauth2(stranger.parentToken()).when().get("/v1/children/{c}/holdings", family.child).then().statusCode(404);
    }

    @Test
    void theApiIsDescribedForMobileDevelopers() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/media'.post.summary", notNullValue())
                .body("paths.'/v1/children/{childId}/media/{itemId}/content'.get.responses.'206'.description", equalTo("The requested range"));
    }

    private static Map<String, Object> entry(JsonPath holdings, String kind) {
        List<Map<String, Object>> entries = holdings.getList("holdings");
        return entries.stream().filter(entry -> kind.equals(entry.get("kind"))).findFirst().orElseThrow();
    }
}

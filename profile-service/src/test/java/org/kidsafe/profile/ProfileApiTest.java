package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ProfileApiTest {

    @Inject
    Fixtures fixtures;

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();

    @Test
    void aProfileNeedsProfileConsentFirst() {
        fixtures.grant(child, parent, DataCategory.PHOTOS);

        Fixtures.putProfile(child, parent, Fixtures.profileJson("Sleepy Walrus")).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/consent-required"))
                .body("category", equalTo("PROFILE"));

        fixtures.grant(child, parent, DataCategory.PROFILE);
        String name = "Sleepy Walrus " + (int) (Math.random() * 100);
        Fixtures.putProfile(child, parent, Fixtures.profileJson(name)).statusCode(200)
                .body("displayName", equalTo(name))
                .body("ageBand", equalTo("AGE_8_10"))
                .body("avatar", equalTo("FOX"))
                .body("preferredLanguage", equalTo("en-US"));
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/profile", child)
                .then().statusCode(200).body("displayName", equalTo(name)).body("birthYear", nullValue());
    }

    @Test
    void onlyTheChildsParentSeesTheProfile() {
        fixtures.childWithProfile(child, parent);

        given().auth().oauth2(Fixtures.parentToken(UUID.randomUUID())).when().get("/v1/children/{childId}/profile", child)
                .then().statusCode(404).contentType("application/problem+json");
        Fixtures.putProfile(child, UUID.randomUUID(), Fixtures.profileJson("Quiet Heron")).statusCode(404);
        given().auth().oauth2(TestTokens.complianceOfficer(UUID.randomUUID(), Fixtures.AUDIENCE))
                .when().get("/v1/children/{childId}/profile", child)
                .then().statusCode(403).contentType("application/problem+json").body(containsString("Forbidden"));
        given().auth().oauth2(TestTokens.toy("toy-x", child, Fixtures.AUDIENCE)).when().get("/v1/children/{childId}/profile", child)
                .then().statusCode(403);
        given().when().get("/v1/children/{childId}/profile", child).then().statusCode(401);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/profile", UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void nothingBeyondTheMinimalFieldsIsAccepted() {
        fixtures.grant(child, parent, DataCategory.PROFILE);

        Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"ageBand\":\"AGE_5_7\",\"avatar\":\"OWL\","
                        + "\"preferredLanguage\":\"en\",\"dateOfBirth\":\"2017-03-14\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/unknown-field"))
                .body("detail", containsString("dateOfBirth"));
        Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"ageBand\":\"AGE_5_7\",\"avatar\":\"MY_PHOTO\","
                + "\"preferredLanguage\":\"en\"}").statusCode(400);
        Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"avatar\":\"OWL\",\"preferredLanguage\":\"en\"}")
                .statusCode(400).body("type", equalTo("https://kidsafe.dev/problems/age-required"));
        Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"ageBand\":\"AGE_5_7\",\"birthYear\":2018,\"birthMonth\":4,"
                + "\"avatar\":\"OWL\",\"preferredLanguage\":\"en\"}").statusCode(400);
        Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"birthYear\":2001,\"birthMonth\":4,"
                + "\"avatar\":\"OWL\",\"preferredLanguage\":\"en\"}").statusCode(400)
                .body("type", equalTo("https://kidsafe.dev/problems/birth-month-out-of-range"));
        for (String language : List.of("english", "en-US-x-emmajohnson", "en-US-emmajo", "zz-ZZ", "en_US")) {
            Fixtures.putProfile(child, parent, "{\"displayName\":\"Jolly Yak\",\"ageBand\":\"AGE_5_7\",\"avatar\":\"OWL\","
                    + "\"preferredLanguage\":\"" + language + "\"}").statusCode(400)
                    .body("type", equalTo("https://kidsafe.dev/problems/invalid-language"));
        }
    }

    @Test
    void aNameThatLooksLikePersonalInformationIsRefusedWithAReason() {
        fixtures.grant(child, parent, DataCategory.PROFILE);

        Fixtures.putProfile(child, parent, Fixtures.profileJson("Emma Johnson")).statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/display-name-refused"))
                .body("reason", equalTo("REAL_NAME"))
                .body("detail", containsString("nickname"));
        given().auth().oauth2(Fixtures.parentToken(parent)).contentType(ContentType.JSON).body("{\"displayName\":\"555 123 4567\"}")
                .when().post("/v1/display-names/checks")
                .then().statusCode(200).body("acceptable", equalTo(false)).body("reason", equalTo("PHONE_NUMBER"));
    }

    @Test
    void birthYearAndMonthArePatchedAndEncryptedAtRest() throws SQLException {
        String name = fixtures.childWithProfile(child, parent);

        given().auth().oauth2(Fixtures.parentToken(parent)).contentType("application/merge-patch+json")
                .body("{\"birthYear\":2019,\"birthMonth\":6,\"preferredLanguage\":\"fr-CA\"}")
                .when().patch("/v1/children/{childId}/profile", child)
                .then().statusCode(200)
                .body("displayName", equalTo(name))
                .body("ageBand", nullValue())
                .body("birthYear", equalTo(2019))
                .body("birthMonth", equalTo(6))
                .body("preferredLanguage", equalTo("fr-CA"));

        try (Connection db = connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT display_name, birth_year_month, preferred_language, name_fingerprint FROM child_profile WHERE child_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                for (int column = 1; column <= 4; column++) {
                    String stored = new String(row.getBytes(column), StandardCharsets.ISO_8859_1);
                    assertFalse(stored.contains(name) || stored.contains("2019") || stored.contains("fr-CA"),
                            "column " + column + " holds plaintext");
                }
            }
        }
        try (Connection db = connect();
             PreparedStatement query = db.prepareStatement("SELECT kek_id, length(wrapped_key) FROM data_key WHERE subject_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the child's data key is stored wrapped");
                assertEquals("kek-1", row.getString(1));
                assertEquals(12 + 32 + 16, row.getInt(2), "nonce + wrapped AES-256 key + GCM tag");
            }
        }
    }

    @Test
    void displayNamesAreUniqueAcrossThePlatformWhateverTheirSpelling() {
        String name = fixtures.childWithProfile(child, parent);
        UUID otherChild = UUID.randomUUID();
        UUID otherParent = UUID.randomUUID();
        fixtures.grant(otherChild, otherParent, DataCategory.PROFILE);

        String respelled = " " + name.toUpperCase().replaceAll("(\\p{Lu})(\\p{Lu}+)", "$1$2 ") + " ";
        Fixtures.putProfile(otherChild, otherParent, Fixtures.profileJson(respelled.replace("  ", " "))).statusCode(409)
                .body("type", equalTo("https://kidsafe.dev/problems/display-name-taken"));
        Fixtures.putProfile(child, parent, Fixtures.profileJson(name)).statusCode(200);
    }

    @Test
    void suggestionsAreSafeAndFree() {
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/display-names/suggestions?count=8")
                .then().statusCode(200)
                .body("suggestions", hasSize(8))
                .body("suggestions", everyItem(matchesPattern("[A-Z][a-z]+[A-Z][a-z]+\\d{0,2}")));
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/display-names/suggestions?count=500")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.complianceOfficer(UUID.randomUUID(), Fixtures.AUDIENCE))
                .when().get("/v1/display-names/suggestions").then().statusCode(403);
    }

    static Connection connect() throws SQLException {
        return RealInfrastructure.shared().database("profile").connect();
    }
}

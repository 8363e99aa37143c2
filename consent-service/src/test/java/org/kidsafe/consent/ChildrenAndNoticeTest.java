package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.notice.Notice;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Children are opaque ids owned by one parent; the notice is versioned and generated from the retention settings. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ChildrenAndNoticeTest {

    @Inject
    NoticeService notices;

    @Test
    void aParentSeesOnlyTheirOwnChildrenWithEveryCategoryNotGranted() {
        Parents parent = new Parents();
        Parents stranger = new Parents();
        UUID child = parent.registerChild();

        given().auth().oauth2(parent.token()).when().get("/v1/children").then().statusCode(200)
                .body("items.childId", hasItem(child.toString()))
                .body("items.find { it.childId == '" + child + "' }.consents.state", org.hamcrest.Matchers.everyItem(equalTo("NOT_GRANTED")))
                .body("items.find { it.childId == '" + child + "' }.consents.size()", equalTo(5));
        given().auth().oauth2(stranger.token()).when().get("/v1/children").then().statusCode(200)
                .body("items.childId", not(hasItem(child.toString())));
    }

    @Test
    void aStrangerGetsNotFoundEverywhere() {
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        String stranger = new Parents().token();
        for (String path : new String[] {"/v1/children/{id}/consents", "/v1/children/{id}/holdings", "/v1/children/{id}/export"}) {
            given().auth().oauth2(stranger).when().get(path, child).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(stranger).when().delete("/v1/children/{id}", child).then().statusCode(404);
        given().auth().oauth2(stranger).when().delete("/v1/children/{id}/consents/PHOTOS", child).then().statusCode(404);
        given().auth().oauth2(parent.token()).when().get("/v1/children/{id}/holdings", child).then().statusCode(200);
    }

    @Test
    void holdingsAndExportShowWhatConsentServiceKeeps() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);

        given().auth().oauth2(parent.token()).when().get("/v1/children/{id}/holdings", child).then().statusCode(200)
                .body("service", equalTo("consent-service"))
                .body("holdings.find { it.kind == 'child-registration' }.count", equalTo(1))
                .body("holdings.find { it.kind == 'consent-record' && it.category == 'PHOTOS' }.count", equalTo(1));
        given().auth().oauth2(parent.token()).when().get("/v1/children/{id}/export", child).then().statusCode(200)
                .contentType("application/json")
                .body("childId", equalTo(child.toString()))
                .body("consents.category", hasItem("PHOTOS"))
                .body("consents[0].noticeHash", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theCurrentNoticeIsPublicHashedAndStatesTheRetentionTheServicesEnforce() throws Exception {
        JsonPath notice = given().when().get("/v1/notices/current").then().statusCode(200)
                .body("text", containsString("365 days"))
                .body("categories.find { it.category == 'PHOTOS' }.retention", equalTo("P365D"))
                .body("categories.find { it.category == 'VOICE' }.retention", equalTo("P30D"))
                .body("categories.find { it.category == 'CHAT' }.retention", equalTo("P90D"))
                .body("categories.find { it.category == 'THIRD_PARTY_DISCLOSURE' }.thirdParties.size()", equalTo(0))
                .extract().jsonPath();
        String text = notice.getString("text");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(hash, notice.getString("contentHash"));
        given().when().get("/v1/notices/{version}", notice.getInt("version")).then().statusCode(200)
                .body("contentHash", equalTo(hash));
    }

    @Test
    void changedTextBecomesANewVersionAndTheSameTextKeepsItsVersion() {
        Notice current = notices.current();
        String changed = "A changed notice " + UUID.randomUUID();

        Notice next = notices.publish(changed, null);
        assertTrue(next.version > current.version);
        assertEquals(next.version, notices.publish(changed, null).version);
        assertEquals(current.version, notices.current().version, "the generated text is still the current notice");
        given().when().get("/v1/notices/{version}", next.version).then().statusCode(200).body("text", equalTo(changed));
    }
}

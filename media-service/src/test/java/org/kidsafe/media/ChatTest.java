package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.testsupport.TestTokens;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Chat between toy and parent: the child's contact details masked, the parent's messages delivered once. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class ChatTest {

    @Test
    void aChildsContactDetailsAreMaskedBeforeTheParentSeesThem() {
        Family family = Family.withConsent(DataCategory.CHAT);

        toySays(family, "my number is 555-123-4567 and kid@example.com").statusCode(201)
                .body("masked", equalTo(true)).body("text", not(containsString("555")));

        given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media?category=CHAT", family.child)
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].direction", equalTo("FROM_CHILD"))
                .body("items[0].masked", equalTo(true))
                .body("items[0].maskedKinds", containsInAnyOrder("EMAIL", "PHONE_NUMBER"))
                .body("items[0].text", not(containsString("555-123-4567")))
                .body("items[0].text", not(containsString("kid@example.com")));
        toySays(family, "I love dinosaurs").statusCode(201).body("masked", equalTo(false)).body("maskedKinds", hasSize(0));
    }

    @Test
    void theParentsMessagesReachTheToyOnce() {
        Family family = Family.withConsent(DataCategory.CHAT);

        given().auth().oauth2(family.parentToken()).contentType(ContentType.JSON).body("{\"text\":\"Dinner at six, love mum\"}")
                .when().post("/v1/children/{c}/chat", family.child)
                .then().statusCode(201).body("direction", equalTo("TO_CHILD")).body("text", equalTo("Dinner at six, love mum"));

        given().auth().oauth2(family.toyToken()).when().get("/v1/chat/inbox")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].text", equalTo("Dinner at six, love mum"));
        given().auth().oauth2(family.toyToken()).when().get("/v1/chat/inbox").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void chatNeedsConsentAPairedToyAndTheOwnParent() {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        toySays(family, "hello").statusCode(403).body("type", equalTo("https://kidsafe.dev/problems/consent-required"));
        given().auth().oauth2(family.parentToken()).contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .when().post("/v1/children/{c}/chat", family.child).then().statusCode(403);

        Family chatty = Family.withConsent(DataCategory.CHAT);
        toySays(chatty, " ").statusCode(400).contentType("application/problem+json");
        toySays(chatty, "x".repeat(501)).statusCode(400);
        given().auth().oauth2(family.parentToken()).contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .when().post("/v1/children/{c}/chat", chatty.child).then().statusCode(404);

        chatty.unpair();
        toySays(chatty, "hello").statusCode(403).body("type", equalTo("https://kidsafe.dev/problems/toy-not-paired"));
        given().auth().oauth2(chatty.toyToken()).when().get("/v1/chat/inbox").then().statusCode(403);
    }

    @Test
    void aPairingAnnouncedWithARawDeviceIdIsNotStoredAndOnlyThePseudonymIsRecognised() {
        Family family = Family.withConsent(DataCategory.CHAT);
        String rawDeviceId = "plush-livingroom-" + family.child.toString().substring(0, 8);
        // The previous release's ToyPaired v1, e.g. still in the topic during the upgrade: read and dropped.
        family.send(new ToyPaired(rawDeviceId, family.parent));
        family.send(new ToyUnpaired(rawDeviceId));
        family.send(new ToyPairedV2(family.device, family.parent));
        await().atMost(Duration.ofSeconds(30)).until(family::paired);

        assertEquals(1, Family.count("SELECT count(*) FROM paired_device WHERE child_id = ?", family.child), "only the pseudonym is projected");
        given().auth().oauth2(TestTokens.toy(rawDeviceId, family.child, Family.AUDIENCE)).when().get("/v1/chat/inbox").then().statusCode(403);
        given().auth().oauth2(family.toyToken()).when().get("/v1/chat/inbox").then().statusCode(200);
    }

    private static ValidatableResponse toySays(Family family, String text) {
        return given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON)
                .body(Map.of("text", text)).when().post("/v1/chat").then();
    }
}

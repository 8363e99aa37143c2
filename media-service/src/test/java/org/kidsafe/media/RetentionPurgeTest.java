package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.media.retention.RetentionPurgeService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Voice clips go after 30 days, chat after 90, photos after 365: records and encrypted bytes. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class RetentionPurgeTest {

    @Inject
    MutableClock clock;

    @Inject
    RetentionPurgeService purge;

    @Inject
    MediaSettings settings;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachCategoryIsPurgedWhenItsRetentionEnds() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
        String photo = family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 30))).statusCode(201).extract().path("id");
        String voice = family.upload(TestMedia.wav(new byte[200])).statusCode(201).extract().path("id");
        given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body("{\"text\":\"hello\"}").post("/v1/chat").then().statusCode(201);
        Path voiceBlob = blob(family, "VOICE", voice);
        assertTrue(Files.exists(voiceBlob));

        clock.advance(Duration.ofDays(29));
        purge.purgeExpired();
        assertEquals(List.of("chat", "photo", "voice"), kinds(family));

        clock.advance(Duration.ofDays(2));
        purge.purgeExpired();
        assertEquals(List.of("chat", "photo"), kinds(family));
        assertFalse(Files.exists(voiceBlob), "the voice clip's encrypted bytes outlived its record");

        clock.advance(Duration.ofDays(60));
        purge.purgeExpired();
        assertEquals(List.of("photo"), kinds(family));

        clock.advance(Duration.ofDays(275));
        purge.purgeExpired();
        assertEquals(List.of(), kinds(family));
        assertFalse(Files.exists(blob(family, "PHOTOS", photo)));
    }

    private Path blob(Family family, String category, String id) {
        return settings.store().directory().orElseThrow().resolve(family.child.toString()).resolve(category).resolve(id);
    }

    private static List<String> kinds(Family family) {
        List<String> kinds = given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media", family.child)
                .then().statusCode(200).extract().jsonPath().getList("items.kind", String.class);
        return kinds.stream().sorted().toList();
    }
}

package org.kidsafe.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.TestTokens;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Children with consent and profiles, set up the way production does it: over the real broker and the API. */
@Singleton
public class Fixtures {

    public static final String AUDIENCE = "kidsafe-profile";
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ConsentGate gate;
    @Inject
    ToyIdentityWithdrawals withdrawals;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());

    public TopicProbe topics() {
        return topics;
    }

    /** consent-service's grant, as the event it publishes; returns once the projection shows it. */
    public void grant(UUID child, UUID parent, DataCategory category) {
        topics.send(Topics.CONSENT, child.toString(),
                EventCodec.encode(EventCodec.envelope(child, new ConsentGranted(parent, category, 1, 1), Instant.now())));
        await().atMost(PATIENCE).until(() -> QuarkusTransaction.requiringNew().call(() -> gate.allows(child, category)));
    }

    /** A child with PROFILE consent and a profile under a fresh generated name; returns the display name. */
    public String childWithProfile(UUID child, UUID parent) {
        grant(child, parent, DataCategory.PROFILE);
        String name = given().auth().oauth2(parentToken(parent)).when().get("/v1/display-names/suggestions?count=1")
                .then().statusCode(200).extract().path("suggestions[0]");
        putProfile(child, parent, profileJson(name)).statusCode(200);
        return name;
    }

    /** What step 1 of a pairing records before Keycloak creates the identity named {@code username}. */
    public void reserveWithdrawal(String username) {
        QuarkusTransaction.requiringNew().run(() -> withdrawals.reserve(username));
    }

    public static String profileJson(String displayName) {
        return "{\"displayName\":\"" + displayName + "\",\"ageBand\":\"AGE_8_10\",\"avatar\":\"FOX\",\"preferredLanguage\":\"en-US\"}";
    }

    public static ValidatableResponse putProfile(UUID child, UUID parent, String json) {
        return given().auth().oauth2(parentToken(parent)).contentType(ContentType.JSON).body(json)
                .when().put("/v1/children/{childId}/profile", child).then();
    }

    public static String parentToken(UUID parent) {
        return TestTokens.parent(parent, AUDIENCE);
    }
}

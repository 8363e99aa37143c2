package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.profile.erasure.InactivityPurgeService;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class InactivityPurgeTest {

    @Inject
    Fixtures fixtures;
    @Inject
    MutableClock clock;
    @Inject
    InactivityPurgeService purge;
    @Inject
    RetentionPolicy retention;
    @Inject
    RecordingToyIdentityIssuer identities;
    @Inject
    DevicePseudonyms pseudonyms;

    private final UUID forgotten = UUID.randomUUID();
    private final UUID played = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final String forgottenToy = "doll-" + UUID.randomUUID().toString().substring(0, 8);
    private final String playedToy = "car-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void restoreClock() {
        clock.reset();
    }

    @Test
    void aProfileNobodyUsedForTheRetentionPeriodIsErasedAndTheParentIsTold() {
        fixtures.childWithProfile(forgotten, parent);
        fixtures.childWithProfile(played, parent);
        pair(forgotten, forgottenToy);
        pair(played, playedToy);

        purge.purge();
        assertProfile(forgotten, 200);

        clock.advance(retention.profileInactivity().minus(Duration.ofDays(1)));
        given().auth().oauth2(TestTokens.toy(pseudonyms.of(playedToy), played, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(200);
        clock.advance(Duration.ofDays(2));
        purge.purge();

        assertProfile(forgotten, 404);
        assertProfile(played, 200);
        assertEquals(Optional.empty(), identities.childFor(pseudonyms.of(forgottenToy)));
        assertEquals(Optional.of(played), identities.childFor(pseudonyms.of(playedToy)));

        EventEnvelope expired = profileEvent(forgotten, "ProfileExpired");
        ProfileExpired notice = (ProfileExpired) EventCodec.payload(expired);
        assertEquals(parent, notice.parentId());
        assertEquals(ProfileExpired.INACTIVITY, notice.reason());
        assertTrue(notice.lastActivityAt().isBefore(expired.occurredAt().minus(retention.profileInactivity())));
        assertEquals(new ToyUnpairedV2(pseudonyms.of(forgottenToy)), EventCodec.payload(profileEvent(forgotten, "ToyUnpaired")));
    }

    private void pair(UUID child, String device) {
        String code = given().auth().oauth2(Fixtures.parentToken(parent)).when().post("/v1/children/{childId}/pairing-codes", child)
                .then().statusCode(201).extract().path("code");
        given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\",\"deviceId\":\"" + device + "\"}")
                .when().post("/v1/toys/pairings").then().statusCode(201);
    }

    private void assertProfile(UUID child, int status) {
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/profile", child).then().statusCode(status);
    }

    private EventEnvelope profileEvent(UUID child, String type) {
        List<ConsumerRecord<String, String>> records = fixtures.topics().readAll(Topics.PROFILE,
                record -> child.toString().equals(record.key()) && type.equals(EventCodec.decode(record.value()).type()), 1, Fixtures.PATIENCE);
        assertEquals(1, records.size(), type + " was not published");
        return EventCodec.decode(records.get(0).value());
    }
}

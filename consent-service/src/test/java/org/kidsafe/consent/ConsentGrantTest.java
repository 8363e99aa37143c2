package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ErasureRequestedV2;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;
import org.kidsafe.testsupport.TopicProbe;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ConsentGrantTest {

    private final KafkaBroker kafka = RealInfrastructure.shared().kafka();
    private final TopicProbe topics = new TopicProbe(kafka);

    /** Health and metrics answer on the management port only (issue 17 item 1); the URL is relative to its /q. */
    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void aGrantRecordsNoticeAndVerificationAndIsAnnouncedKeyedByTheChild() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int notice = Parents.currentNoticeVersion();
        String noticeHash = given().when().get("/v1/notices/current").then().extract().path("contentHash");

        parent.grant(child, "PHOTOS", notice).statusCode(201)
                .body("category", equalTo("PHOTOS"))
                .body("noticeVersion", equalTo(notice))
                .body("noticeHash", equalTo(noticeHash))
                .body("verificationMethod", equalTo("email-plus"))
                .body("assuranceLevel", equalTo(1));

        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.CONSENT, r -> child.toString().equals(r.key()), Duration.ofSeconds(20));
        assertNotNull(record, "ConsentGranted never reached the broker");
        EventEnvelope envelope = EventCodec.decode(record.value());
        assertEquals("ConsentGranted", envelope.type());
        assertEquals(child, envelope.aggregateId());
        assertEquals(new ConsentGranted(parent.id, DataCategory.PHOTOS, notice, 1), EventCodec.payload(envelope));
    }

    @Test
    void aGrantDuringABrokerOutageSucceedsAndIsPublishedWhenTheBrokerReturns() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        kafka.stop();
        try {
            parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);
            given().when().get(ready).then().statusCode(503);
        } finally {
            kafka.start();
        }
        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.CONSENT, r -> child.toString().equals(r.key()), Duration.ofSeconds(60));
        assertNotNull(record, "the outbox lost the event written while the broker was down");
        // The erasure consumer reconnects on its own schedule; readiness follows it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get(ready).then().statusCode(200));
    }

    @Test
    void aSecondGrantOfTheSameCategoryIsAConflict() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "VOICE", Parents.currentNoticeVersion()).statusCode(201);
        parent.grant(child, "VOICE", Parents.currentNoticeVersion()).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aStrangersGrantIsNotFoundAndPublishesNothing() {
        Parents parent = new Parents().verifiedByEmail();
        Parents stranger = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PROFILE", Parents.currentNoticeVersion()).statusCode(201);
        stranger.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(404).contentType("application/problem+json");
        stranger.grant(UUID.randomUUID(), "CHAT", Parents.currentNoticeVersion()).statusCode(404);

        var records = topics.readAll(Topics.CONSENT, r -> child.toString().equals(r.key()), 2, Duration.ofSeconds(5));
        assertEquals(1, records.size(), "only the committed grant may be announced");
    }

    @Test
    void anUnverifiedParentIsToldWhichVerificationWouldSuffice() {
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/verification-required"))
                .body("requiredVerification", contains("email-plus", "signed-consent-form"));
    }

    @Test
    void thirdPartyDisclosureIsOffByDefaultAndEmailPlusNeverUnlocksIt() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        given().auth().oauth2(parent.token()).when().get("/v1/children").then().statusCode(200)
                .body("items.find { it.childId == '" + child + "' }.consents.find { it.category == 'THIRD_PARTY_DISCLOSURE' }.state",
                        equalTo("NOT_GRANTED"));

        parent.grant(child, "THIRD_PARTY_DISCLOSURE", Parents.currentNoticeVersion()).statusCode(403)
                .body("requiredVerification", contains("signed-consent-form"));
    }

    @Test
    void consentMustBeGivenToTheCurrentNotice() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int current = Parents.currentNoticeVersion();
        parent.grant(child, "CHAT", current + 1).statusCode(409)
                .body("type", equalTo("https://kidsafe.dev/problems/notice-outdated"))
                .body("currentNoticeVersion", equalTo(current));
    }

    @Test
    void revokingOneCategoryStopsCollectionAndErasesThatCategory() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);

        String erasureId = given().auth().oauth2(parent.token()).when().delete("/v1/children/{childId}/consents/CHAT", child)
                .then().statusCode(202).header("Location", notNullValue()).extract().path("erasureId");

        ConsumerRecord<String, String> revoked = topics.awaitRecord(Topics.CONSENT,
                r -> child.toString().equals(r.key()) && r.value().contains("ConsentRevoked"), Duration.ofSeconds(20));
        assertNotNull(revoked);
        assertEquals(new ConsentRevoked(parent.id, DataCategory.CHAT), EventCodec.payload(EventCodec.decode(revoked.value())));
        ConsumerRecord<String, String> erasure = topics.awaitRecord(Topics.ERASURE_REQUESTS,
                r -> child.toString().equals(r.key()) && r.value().contains("ErasureRequested"), Duration.ofSeconds(20));
        assertNotNull(erasure);
        ErasureRequestedV2 requested = (ErasureRequestedV2) EventCodec.payload(EventCodec.decode(erasure.value()));
        assertEquals(new ErasureRequested(UUID.fromString(erasureId), Set.of(DataCategory.CHAT)), requested.request());
        // The saga's start is the revocation's moment (one transaction): participants close the category as of then.
        Instant revokedAt = EventCodec.decode(revoked.value()).occurredAt();
        assertTrue(Duration.between(revokedAt, requested.requestedAt()).abs().compareTo(Duration.ofSeconds(1)) < 0,
                () -> "revoked at " + revokedAt + ", erasure requested at " + requested.requestedAt());

        given().auth().oauth2(parent.token()).when().get("/v1/children").then()
                .body("items.find { it.childId == '" + child + "' }.consents.find { it.category == 'CHAT' }.state", equalTo("REVOKED"))
                .body("items.find { it.childId == '" + child + "' }.consents.find { it.category == 'PHOTOS' }.state", equalTo("GRANTED"));
        given().auth().oauth2(parent.token()).when().delete("/v1/children/{childId}/consents/CHAT", child).then().statusCode(404);
    }

    @Test
    void aGrantNeedsAParentsTokenForThisService() {
        UUID child = UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"category\":\"CHAT\",\"noticeVersion\":1}")
                .when().post("/v1/children/{childId}/consents", child)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.parent(UUID.randomUUID(), "kidsafe-media")).contentType(ContentType.JSON)
                .body("{\"category\":\"CHAT\",\"noticeVersion\":1}")
                .when().post("/v1/children/{childId}/consents", child)
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.toy("toy-1", child, "kidsafe-consent")).contentType(ContentType.JSON)
                .body("{\"category\":\"CHAT\",\"noticeVersion\":1}")
                .when().post("/v1/children/{childId}/consents", child)
                .then().statusCode(403).contentType("application/problem+json");
    }

    /** Issue 17 item 1: requests name their JAX-RS template in the metrics, never a child's id; /q/* is not public. */
    @Test
    void theMetricsCarryRouteTemplatesNeverIdsAndOnlyOnTheManagementPort() {
        Parents parent = new Parents().verifiedByEmail();
        for (int i = 0; i < 3; i++) {
            UUID child = parent.registerChild();
            parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);
            given().auth().oauth2(parent.token()).when().get("/v1/children/" + UUID.randomUUID() + "/consents");
        }
        String scraped = given().when().get(metrics).then().statusCode(200).extract().asString();
        Pattern uuid = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertFalse(uuid.matcher(scraped).find(), () -> "an id in /q/metrics: "
                + scraped.lines().filter(line -> uuid.matcher(line).find()).findFirst().orElse(""));
        assertTrue(scraped.contains("uri=\"/v1/children/{childId}/consents\""), "no route template in the metrics");
        for (String path : List.of("/q/metrics", "/q/health/ready", "/q/health")) {
            given().when().get(path).then().statusCode(404);
        }
    }
}

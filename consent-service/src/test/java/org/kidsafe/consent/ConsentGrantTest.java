package org.kidsafe.consent;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentService;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Inject
    ConsentService consentService;
    @Inject
    EntityManager entityManager;

    /**
     * A renewal at the deadline while {@code NoticeRenewals} lapses the same consent (issue 19 item 3 review): the grant
     * waits for the lapse's row lock and, finding no active consent after it, grants a new one, announced; the lapse
     * stands. Before, the renewal wrote the whole row back and revived the lapsed consent.
     */
    @Test
    void aRenewalMeetingALapseInFlightGrantsANewConsentInsteadOfRevivingIt() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int notice = Parents.currentNoticeVersion();
        UUID lapsing = UUID.fromString(parent.grant(child, "VOICE", notice).statusCode(201).extract().path("id"));
        try (Connection connection = Database.asService();
             PreparedStatement due = connection.prepareStatement("UPDATE consent_record SET renewal_due_at = now() WHERE id = ?")) {
            due.setObject(1, lapsing);
            due.executeUpdate();
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        Response granted;
        try {
            CountDownLatch lapsed = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<?> lapse = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                consentService.lapse(entityManager.find(ConsentRecord.class, lapsing, LockModeType.PESSIMISTIC_WRITE));
                entityManager.flush();
                lapsed.countDown();
                try {
                    assertTrue(commit.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }));
            assertTrue(lapsed.await(20, TimeUnit.SECONDS));
            Future<Response> grant = threads.submit(() -> parent.grant(child, "VOICE", notice).extract().response());
            await().atMost(Duration.ofSeconds(20)).until(() -> grant.isDone()
                    || Database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);
            commit.countDown();
            lapse.get(20, TimeUnit.SECONDS);
            granted = grant.get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertEquals(201, granted.statusCode(), granted.asString());
        assertFalse(lapsing.toString().equals(granted.path("id")), "a new consent, not the lapsed one renewed");
        assertEquals(1, Database.count("SELECT count(*) FROM consent_record WHERE id = ? AND revoked_at IS NOT NULL", lapsing),
                "the lapse stands");
        assertEquals(1, Database.count("SELECT count(*) FROM consent_record WHERE child_id = ? AND revoked_at IS NULL", child));
        assertEquals(0, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'CONSENT_RENEWED' AND child_id = ?", child));
        assertEquals(2, topics.readAll(Topics.CONSENT, r -> child.toString().equals(r.key()) && r.value().contains("ConsentGranted"),
                2, Duration.ofSeconds(20)).size(), "the new grant is announced like any grant");
    }

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

        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.CONSENT, r -> child.toString().equals(r.key()) && isConsentChange(r.value()),
                Duration.ofSeconds(20));
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

        var records = topics.readAll(Topics.CONSENT, r -> child.toString().equals(r.key()) && isConsentChange(r.value()), 2,
                Duration.ofSeconds(5));
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

    /** A consent event, not the child's guardian set that its registration announces too (issue 19 item 4). */
    static boolean isConsentChange(String envelope) {
        return !envelope.contains("\"ChildGuardiansChanged\"");
    }
}

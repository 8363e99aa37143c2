package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.infrastructure.KafkaBroker;
import org.kidsafe.infrastructure.RealInfrastructure;
import org.kidsafe.infrastructure.RealInfrastructureTestResource;
import org.kidsafe.infrastructure.TestTokens;
import org.kidsafe.infrastructure.TopicProbe;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
class ConsentGrantTest {

    private final KafkaBroker kafka = RealInfrastructure.shared().kafka();
    private final TopicProbe topics = new TopicProbe(kafka.bootstrapServers());

    @Test
    void aGrantIsAnnouncedOnTheConsentTopicKeyedByTheChild() {
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();

        grant(child, parent, "PHOTOS").statusCode(201).body("category", equalTo("PHOTOS"));

        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.CONSENT, r -> child.toString().equals(r.key()), Duration.ofSeconds(20));
        assertNotNull(record, "ConsentGranted never reached the broker");
        EventEnvelope envelope = EventCodec.decode(record.value());
        assertEquals("ConsentGranted", envelope.type());
        assertEquals(child, envelope.aggregateId());
        assertEquals(new ConsentGranted(parent, DataCategory.PHOTOS, 1, 0), EventCodec.payload(envelope));
    }

    @Test
    void aGrantDuringABrokerOutageSucceedsAndIsPublishedWhenTheBrokerReturns() {
        UUID child = UUID.randomUUID();
        kafka.stop();
        try {
            grant(child, UUID.randomUUID(), "CHAT").statusCode(201);
            given().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            kafka.start();
        }
        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.CONSENT, r -> child.toString().equals(r.key()), Duration.ofSeconds(60));
        assertNotNull(record, "the outbox lost the event written while the broker was down");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aSecondGrantOfTheSameCategoryIsAConflict() {
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        grant(child, parent, "VOICE").statusCode(201);
        grant(child, parent, "VOICE").statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aFailedGrantPublishesNothing() {
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        grant(child, parent, "PROFILE").statusCode(201);
        grant(child, UUID.randomUUID(), "PROFILE").statusCode(404);

        var records = topics.readAll(Topics.CONSENT, r -> child.toString().equals(r.key()), 2, Duration.ofSeconds(5));
        assertEquals(1, records.size(), "only the committed grant may be announced");
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

    private io.restassured.response.ValidatableResponse grant(UUID child, UUID parent, String category) {
        return given().auth().oauth2(TestTokens.parent(parent, "kidsafe-consent")).contentType(ContentType.JSON)
                .body("{\"category\":\"" + category + "\",\"noticeVersion\":1}")
                .when().post("/v1/children/{childId}/consents", child)
                .then();
    }
}

package org.kidsafe.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.media.retention.RetentionApproachingService;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 8: once a week media-service tells consent-service, per child, how many items reach their retention
 * limit within the next week and when the first goes (RetentionApproaching on its own topic), counts only; a child with
 * nothing that close is not announced.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class RetentionApproachingTest {

    private static final TopicProbe TOPICS = new TopicProbe(RealInfrastructure.shared().kafka());

    @Inject
    MutableClock clock;

    @Inject
    RetentionApproachingService approaching;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachChildsItemsReachingTheirLimitWithinAWeekAreCountedPerCategory() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
        Instant stored = clock.instant();
        family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 30))).statusCode(201);
        family.upload(TestMedia.wav(new byte[200])).statusCode(201);
        family.upload(TestMedia.wav(new byte[300])).statusCode(201);
        given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body("{\"text\":\"hello\"}").post("/v1/chat").then().statusCode(201);

        clock.advance(Duration.ofDays(24));
        Family later = Family.withConsent(DataCategory.VOICE);
        later.upload(TestMedia.wav(new byte[200])).statusCode(201);
        approaching.announce();

        JsonNode voice = announced(family, 1).get(0);
        assertEquals(Map.of("VOICE", 2L), counts(voice), "the two voice clips go on day 30; photos and chat later");
        assertTrue(near(stored.plus(Duration.ofDays(30)), voice.get("earliestPurgeAt")), voice.toString());
        assertTrue(near(clock.instant().plus(Duration.ofDays(7)), voice.get("until")), "the window is the coming week: " + voice);
        assertEquals(List.of(), TOPICS.readAll(Topics.MEDIA, record -> record.key().equals(later.child.toString()), 1, Duration.ofSeconds(3)),
                "a voice clip stored 24 days later is 30 days from its limit");

        clock.advance(Duration.ofDays(61));
        approaching.announce();
        JsonNode chat = announced(family, 2).get(1);
        assertEquals(Map.of("CHAT", 1L), counts(chat), "day 85: the chat goes on day 90, the voice clips are past their limit");
    }

    private static List<JsonNode> announced(Family family, int expected) {
        List<ConsumerRecord<String, String>> records = TOPICS.readAll(Topics.MEDIA, record -> record.key().equals(family.child.toString()),
                expected, Duration.ofSeconds(20));
        assertEquals(expected, records.size());
        return records.stream().map(record -> {
            EventEnvelope envelope = EventCodec.decode(record.value());
            assertEquals("RetentionApproaching", envelope.type());
            assertEquals(family.child, envelope.aggregateId());
            return envelope.payload();
        }).toList();
    }

    /** Within the seconds the test's own steps take (the clock is real time plus an offset). */
    private static boolean near(Instant expected, JsonNode actual) {
        return Duration.between(expected, Instant.parse(actual.asText())).abs().compareTo(Duration.ofSeconds(30)) < 0;
    }

    private static Map<String, Long> counts(JsonNode payload) {
        Map<String, Long> counts = new TreeMap<>();
        payload.get("items").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }
}

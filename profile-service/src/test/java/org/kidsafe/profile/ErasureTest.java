package org.kidsafe.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.events.DataCategory;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ErasureTest {

    /** Every table that holds rows about a child, each counted by a fixed query with the child id bound. */
    private static final List<String> CHILD_ROWS = List.of(
            "SELECT count(*) FROM child_profile WHERE child_id = ?",
            "SELECT count(*) FROM data_key WHERE subject_id = ? AND wrapped_key IS NOT NULL",
            "SELECT count(*) FROM toy_binding WHERE child_id = ?",
            "SELECT count(*) FROM pairing_code WHERE child_id = ?");
    private static final String PROFILE_ROWS = CHILD_ROWS.get(0);

    @Inject
    Fixtures fixtures;
    @Inject
    ServiceSigningKey signingKey;
    @Inject
    RecordingToyIdentityIssuer identities;
    @Inject
    ToyIdentityWithdrawals withdrawals;
    @Inject
    DevicePseudonyms pseudonyms;

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final String device = "robot-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWholeChildErasureLeavesNoRowNoKeyNoToyAndASignedReport() {
        fixtures.childWithProfile(child, parent);
        pairToy();
        given().auth().oauth2(Fixtures.parentToken(parent)).when().post("/v1/children/{childId}/pairing-codes", child).then().statusCode(201);
        for (String query : CHILD_ROWS) {
            assertTrue(rowsOf(query) > 0, "before erasure: " + query);
        }

        UUID erasureId = UUID.randomUUID();
        EventEnvelope request = EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now());
        send(request);
        JsonNode report = awaitSignedReport(erasureId);

        for (String query : CHILD_ROWS) {
            assertEquals(0, rowsOf(query), "after erasure: " + query);
        }
        assertEquals(Optional.of(child), identities.childFor(pseudonyms.of(device)),
                "the erasure's transaction only records the withdrawal: no Keycloak call inside it");
        withdrawals.processDue();
        assertEquals(Optional.empty(), identities.childFor(pseudonyms.of(device)), "the toy's identity must be withdrawn after the commit");
        assertEquals(child.toString(), report.path("childId").asText());
        assertEquals("profile-service", report.path("service").asText());
        assertTrue(report.path("verifiedEmpty").asBoolean());
        assertEquals(1, report.path("erased").path("profile").asLong());
        assertEquals(1, report.path("erased").path("data-key").asLong());
        assertEquals(1, report.path("erased").path("toy-identity").asLong());
        assertEquals(2, report.path("erased").path("pairing-code").asLong());
        assertTrue(report.hasNonNull("unreadableAt"));
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/profile", child).then().statusCode(404);
        given().auth().oauth2(TestTokens.toy(pseudonyms.of(device), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        // The consent projection still shows PROFILE granted (ConsentRevoked travels on another topic): the key's
        // tombstone, not the consent check, keeps a late write from creating a new key (issue 18 item 6).
        Fixtures.putProfile(child, parent, Fixtures.profileJson("Late Writer")).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/child-erased"));
        assertEquals(0, rowsOf(CHILD_ROWS.get(1)), "no key is created for an erased child");

        send(request);
        assertEquals(1, answersTo(erasureId, 2, Duration.ofSeconds(5)).size(), "a redelivered request must have no second effect");
    }

    @Test
    void aRequestForOtherCategoriesKeepsTheProfileButIsAnswered() {
        fixtures.childWithProfile(child, parent);
        UUID erasureId = UUID.randomUUID();
        send(EventCodec.envelope(child, new ErasureRequested(erasureId, Set.of(DataCategory.PHOTOS)), Instant.now()));

        JsonNode report = awaitSignedReport(erasureId);
        assertTrue(report.path("verifiedEmpty").asBoolean());
        assertEquals(0, report.path("erased").size());
        assertEquals(1, rowsOf(PROFILE_ROWS));
    }

    @Test
    void aChildWeNeverHeardOfIsAnsweredWithZeroCounts() {
        UUID erasureId = UUID.randomUUID();
        send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));

        JsonNode report = awaitSignedReport(erasureId);
        assertTrue(report.path("verifiedEmpty").asBoolean());
        assertEquals(0, report.path("erased").path("profile").asLong());
        assertEquals(0, report.path("erased").path("data-key").asLong());
    }

    private void pairToy() {
        String code = given().auth().oauth2(Fixtures.parentToken(parent)).when().post("/v1/children/{childId}/pairing-codes", child)
                .then().statusCode(201).extract().path("code");
        given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\",\"deviceId\":\"" + device + "\"}")
                .when().post("/v1/toys/pairings").then().statusCode(201);
    }

    private void send(EventEnvelope envelope) {
        fixtures.topics().send(Topics.ERASURE_REQUESTS, child.toString(), EventCodec.encode(envelope));
    }

    /** The report in profile-service's ErasureCompleted, after checking its signature with the service's public key. */
    private JsonNode awaitSignedReport(UUID erasureId) {
        List<ErasureCompleted> answers = answersTo(erasureId, 1, Fixtures.PATIENCE);
        assertEquals(1, answers.size(), "profile-service did not answer the erasure request");
        ErasureCompleted completed = answers.get(0);
        assertEquals("profile-service", completed.service());
        JsonNode claims = Es256Jws.verify(completed.signedReport(), signingKey.publicKey());
        assertNotNull(claims);
        assertEquals(erasureId.toString(), claims.path("erasureId").asText());
        return claims;
    }

    private List<ErasureCompleted> answersTo(UUID erasureId, int enough, Duration patience) {
        return fixtures.topics().readAll(Topics.PROFILE_ERASURE_REPORTS, record -> isAnswerTo(record, erasureId), enough, patience)
                .stream().map(record -> (ErasureCompleted) EventCodec.payload(EventCodec.decode(record.value()))).toList();
    }

    private boolean isAnswerTo(ConsumerRecord<String, String> record, UUID erasureId) {
        EventEnvelope envelope = EventCodec.decode(record.value());
        return child.toString().equals(record.key()) && "ErasureCompleted".equals(envelope.type())
                && ((ErasureCompleted) EventCodec.payload(envelope)).erasureId().equals(erasureId);
    }

    private long rowsOf(String sql) {
        return RealInfrastructure.shared().database("profile").count(sql, child);
    }
}

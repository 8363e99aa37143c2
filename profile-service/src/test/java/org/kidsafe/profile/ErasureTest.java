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
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            "SELECT count(*) FROM pairing_code WHERE child_id = ?",
            "SELECT count(*) FROM consent_projection WHERE child_id = ?");
    private static final String PROFILE_ROWS = CHILD_ROWS.get(0);

    @Inject
    Fixtures fixtures;
    @Inject
    ServiceSigningKey signingKey;
    @Inject
    RecordingToyIdentityIssuer identities;
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
        // The withdrawal job is off in tests: the erasure's commit alone has the identity withdrawn (issue 22 item 3),
        // and the stand-in for Keycloak refuses and counts any call inside a transaction (issue 21 item 4).
        await().atMost(Duration.ofSeconds(30)).until(() -> identities.childFor(pseudonyms.of(device)).isEmpty());
        assertEquals(0, identities.callsInsideTransactions(), "no Keycloak call inside a database transaction");
        assertEquals(child.toString(), report.path("childId").asText());
        assertEquals("profile-service", report.path("service").asText());
        assertTrue(report.path("verifiedEmpty").asBoolean());
        assertEquals(1, report.path("erased").path("profile").asLong());
        assertEquals(1, report.path("erased").path("data-key").asLong());
        assertEquals(1, report.path("erased").path("toy-identity").asLong());
        assertEquals(2, report.path("erased").path("pairing-code").asLong());
        assertTrue(report.hasNonNull("unreadableAt"));
        // Issue 18 item 1: the store's T1 (the key destroyed) and T2 (backups and WAL: one KEK rotation period later).
        JsonNode store = report.path("stores").path(0);
        assertEquals("profile database", store.path("store").asText());
        assertEquals(report.path("unreadableAt").asText(), store.path("unreadableAt").asText());
        assertEquals(Instant.parse(report.path("unreadableAt").asText()).plus(Duration.ofDays(30)),
                Instant.parse(store.path("backupsUnreadableAt").asText()), "T2 = T1 + kidsafe.kek.rotation-period (P30D)");
        // Issue 22 item 2: the hops in the order they happened: request taken, key destroyed, rows gone (the commit), report signed.
        List<Instant> hops = List.of("receivedAt", "unreadableAt", "bytesGoneAt", "completedAt").stream()
                .map(hop -> Instant.parse(report.path(hop).asText())).toList();
        assertEquals(hops.stream().sorted().toList(), hops, report.toString());
        given().auth().oauth2(TestTokens.toy(pseudonyms.of(device), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        // The erasure removed the child from the consent projection (issue 18 item 5), so its former parent is a
        // stranger to it: every route answers 404 like an unknown child's, a late write included.
        assertEveryRouteOfTheChildIsNotFound();
        Fixtures.putProfile(child, parent, Fixtures.profileJson("Late Writer")).statusCode(404).contentType("application/problem+json");
        assertEquals(0, rowsOf(CHILD_ROWS.get(1)), "no key is created for an erased child");

        // ConsentRevoked travels on another topic than the erasure and may arrive after it: it must not bring the
        // projection row, and with it the parent's access, back.
        EventEnvelope lateRevocation = EventCodec.envelope(child, new ConsentRevoked(parent, DataCategory.PROFILE), Instant.now());
        fixtures.topics().send(Topics.CONSENT, child.toString(), EventCodec.encode(lateRevocation));
        await().atMost(Fixtures.PATIENCE).until(() -> RealInfrastructure.shared().database("profile")
                .count("SELECT count(*) FROM consumed_message WHERE event_id = ?", lateRevocation.id()) > 0);
        assertEquals(0, rowsOf(CHILD_ROWS.get(4)), "a late consent event must not recreate an erased child's projection");
        assertEveryRouteOfTheChildIsNotFound();

        send(request);
        assertEquals(1, answersTo(erasureId, 2, Duration.ofSeconds(5)).size(), "a redelivered request must have no second effect");
    }

    /**
     * Issue 18 item 1: consent-service's replay after a restore sends the same erasure in a new envelope. Unlike a
     * redelivery (same event id, above), it is taken and answered again; with the child already gone (this service's
     * database was not the one restored) it erases nothing, keeps the key's tombstone and still says verified empty.
     */
    @Test
    void aReplayedErasureInANewEnvelopeIsAnsweredAgainWhenTheChildIsAlreadyGone() {
        fixtures.childWithProfile(child, parent);
        UUID erasureId = UUID.randomUUID();
        send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));
        awaitSignedReport(erasureId);

        send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));

        List<ErasureCompletedV3> answers = answersTo(erasureId, 2, Fixtures.PATIENCE);
        assertEquals(2, answers.size(), "the replay is a new event, answered again");
        JsonNode replayed = Es256Jws.verify(answers.get(1).signedReport(), signingKey.publicKey());
        assertTrue(replayed.path("verifiedEmpty").asBoolean());
        assertEquals(0, replayed.path("erased").path("profile").asLong());
        assertEquals(0, replayed.path("erased").path("data-key").asLong());
        assertEquals(1, rowsOf("SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at IS NOT NULL"), "the tombstone stays");
        for (String query : CHILD_ROWS) {
            assertEquals(0, rowsOf(query), query);
        }
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

    /**
     * Issue 18 item 5: the report's re-check queries the stores after the erasure committed. A row written in the
     * erasure's own commit (planted here by a deferred trigger, which fires at commit, after any re-check inside the
     * transaction could run) is found, and the report refuses to say "verified empty".
     */
    @Test
    void aLeftoverCommittedWithTheErasureIsFoundByTheReCheckAfterTheCommit() throws SQLException {
        fixtures.childWithProfile(child, parent);
        try (Connection connection = RealInfrastructure.shared().database("profile").connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE FUNCTION plant_pairing_code() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO pairing_code (id, child_id, parent_id, code_hash, created_at, expires_at)
                        VALUES (gen_random_uuid(), OLD.child_id, OLD.parent_id, decode(md5(random()::text), 'hex'), now(), now());
                        RETURN NULL;
                    END $$""");
            ddl.execute("""
                    CREATE CONSTRAINT TRIGGER plant_pairing_code AFTER DELETE ON child_profile
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plant_pairing_code()""");
            try {
                UUID erasureId = UUID.randomUUID();
                send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));

                JsonNode report = awaitSignedReport(erasureId);
                assertEquals(1, rowsOf(CHILD_ROWS.get(3)), "the planted leftover");
                assertFalse(report.path("verifiedEmpty").asBoolean(), "a leftover row must keep the report from claiming verified empty");
                assertEquals(1, report.path("erased").path("profile").asLong());
            } finally {
                ddl.execute("DROP TRIGGER plant_pairing_code ON child_profile");
                ddl.execute("DROP FUNCTION plant_pairing_code()");
                try (PreparedStatement cleanUp = connection.prepareStatement("DELETE FROM pairing_code WHERE child_id = ?")) {
                    cleanUp.setObject(1, child);
                    cleanUp.executeUpdate();
                }
            }
        }
    }

    /**
     * Principle 5: a replica that dies after the erasure's commit and before its report's (here the report's
     * transaction fails instead, refused by a trigger on the outbox) loses nothing. The request's redelivery, already
     * in the inbox, erases nothing again but publishes the report the first pass owed, with that pass's counts.
     */
    @Test
    void aReportLostBetweenTheTwoCommitsIsPublishedOnTheRedeliveryWithTheFirstPassCounts() throws SQLException {
        fixtures.childWithProfile(child, parent);
        UUID erasureId = UUID.randomUUID();
        EventEnvelope request = EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now());
        whileReportsCannotBePublished(() -> {
            send(request);
            await().atMost(Fixtures.PATIENCE).until(() -> RealInfrastructure.shared().database("profile")
                    .count("SELECT count(*) FROM consumed_message WHERE event_id = ?", request.id()) > 0);
            assertEquals(0, rowsOf(PROFILE_ROWS), "the erasure committed");
            assertEquals(0, answersTo(erasureId, 1, Duration.ofSeconds(3)).size(), "no report yet");
        });

        send(request);
        JsonNode report = awaitSignedReport(erasureId);
        assertTrue(report.path("verifiedEmpty").asBoolean());
        assertEquals(1, report.path("erased").path("profile").asLong(), "the first pass's counts");
        assertEquals(1, report.path("erased").path("data-key").asLong());
        assertEquals(0, rowsOf("SELECT count(*) FROM erasure_report_due WHERE child_id = ?"), "nothing owed any more");
    }

    /**
     * consent-service's overdue re-ask (a new envelope) while the first pass's report is still owed: one report, the
     * first pass's, not one of the re-ask's own empty pass.
     */
    @Test
    void anOverdueReAskPublishesTheOwedReportNotItsOwnEmptyPass() throws SQLException {
        fixtures.childWithProfile(child, parent);
        UUID erasureId = UUID.randomUUID();
        whileReportsCannotBePublished(() -> {
            send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));
            await().atMost(Fixtures.PATIENCE).until(() -> rowsOf("SELECT count(*) FROM erasure_report_due WHERE child_id = ?") == 1);
            // The row is there from the erasure's commit on; the refused publication follows it: wait it out here.
            assertEquals(0, answersTo(erasureId, 1, Duration.ofSeconds(3)).size(), "no report yet");
            assertEquals(1, rowsOf("SELECT count(*) FROM erasure_report_due WHERE child_id = ?"), "the report stays owed");
        });

        send(EventCodec.envelope(child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now()));
        List<ErasureCompletedV3> answers = answersTo(erasureId, 2, Duration.ofSeconds(10));
        assertEquals(1, answers.size(), "one report for the erasure");
        JsonNode report = Es256Jws.verify(answers.get(0).signedReport(), signingKey.publicKey());
        assertEquals(1, report.path("erased").path("profile").asLong(), "the first pass's counts, not the re-ask's empty pass");
    }

    /** Runs {@code steps} while a trigger on the outbox refuses every erasure report, as a replica that dies before its report's commit. */
    private static void whileReportsCannotBePublished(Runnable steps) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE FUNCTION refuse_erasure_report() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'the replica died before its report';
                    END $$""");
            ddl.execute("""
                    CREATE TRIGGER refuse_erasure_report BEFORE INSERT ON outbox_event
                    FOR EACH ROW WHEN (NEW.event_type = 'ErasureCompleted') EXECUTE FUNCTION refuse_erasure_report()""");
            try {
                steps.run();
            } finally {
                ddl.execute("DROP TRIGGER refuse_erasure_report ON outbox_event");
                ddl.execute("DROP FUNCTION refuse_erasure_report()");
            }
        }
    }

    private void assertEveryRouteOfTheChildIsNotFound() {
        String token = Fixtures.parentToken(parent);
        for (String route : List.of("/v1/children/{childId}/profile", "/v1/children/{childId}/toys",
                "/v1/children/{childId}/holdings", "/v1/children/{childId}/export")) {
            given().auth().oauth2(token).when().get(route, child).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(token).when().post("/v1/children/{childId}/pairing-codes", child).then().statusCode(404)
                .contentType("application/problem+json");
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

    /** The report in profile-service's ErasureCompletedV3, after checking its signature with the service's public key. */
    private JsonNode awaitSignedReport(UUID erasureId) {
        List<ErasureCompletedV3> answers = answersTo(erasureId, 1, Fixtures.PATIENCE);
        assertEquals(1, answers.size(), "profile-service did not answer the erasure request");
        ErasureCompletedV3 completed = answers.get(0);
        assertEquals("profile-service", completed.service());
        JsonNode claims = Es256Jws.verify(completed.signedReport(), signingKey.publicKey());
        assertNotNull(claims);
        assertEquals(erasureId.toString(), claims.path("erasureId").asText());
        return claims;
    }

    private List<ErasureCompletedV3> answersTo(UUID erasureId, int enough, Duration patience) {
        return fixtures.topics().readAll(Topics.PROFILE_ERASURE_REPORTS, record -> isAnswerTo(record, erasureId), enough, patience)
                .stream().map(record -> (ErasureCompletedV3) EventCodec.payload(EventCodec.decode(record.value()))).toList();
    }

    private boolean isAnswerTo(ConsumerRecord<String, String> record, UUID erasureId) {
        EventEnvelope envelope = EventCodec.decode(record.value());
        return child.toString().equals(record.key()) && "ErasureCompleted".equals(envelope.type())
                && ((ErasureCompletedV3) EventCodec.payload(envelope)).erasureId().equals(erasureId);
    }

    private long rowsOf(String sql) {
        return RealInfrastructure.shared().database("profile").count(sql, child);
    }
}

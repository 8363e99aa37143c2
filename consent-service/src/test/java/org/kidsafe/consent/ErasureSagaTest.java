package org.kidsafe.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.erasure.OverdueErasureJob;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureCompletedV2;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequestedV2;
import org.kidsafe.crypto.jwk.EcJwk;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.crypto.signing.SigningKeyIds;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The erasure saga over the real broker, with participants' reports signed by keys consent-service is configured to trust. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ErasureSagaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration KEK_ROTATION = Duration.ofDays(30);

    @Inject
    MutableClock clock;
    @Inject
    OverdueErasureJob overdueJob;
    @Inject
    MeterRegistry meters;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());

    @Test
    void deletingAChildEndsWithAReceiptAnyoneCanVerify() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);
        parent.grant(child, "PROFILE", Parents.currentNoticeVersion()).statusCode(201);

        UUID erasureId = UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/{id}", child)
                .then().statusCode(202).extract().path("erasureId"));

        ErasureRequestedV2 requested = awaitRequest(child, erasureId);
        assertEquals(EnumSet.allOf(DataCategory.class), requested.categories());
        assertEquals(0, Database.count("SELECT count(*) FROM consent_record WHERE child_id = ?", child), "consent-service erases its own part at once");
        assertEquals(0, Database.count("SELECT count(*) FROM child WHERE id = ?", child));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id), "the parent's last child is gone");
        given().auth().oauth2(parent.token()).when().get("/v1/children").then().body("items.childId", not(hasItem(child.toString())));
        given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId).then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("pendingServices", contains("profile-service", "media-service"));
        given().auth().oauth2(new Parents().token()).when().get("/v1/erasures/{id}", erasureId).then().statusCode(404);

        String profileReport = report("profile-service", "profile-service", erasureId, child, requested.categories(), Map.of("profile", 1L));
        answer(child, erasureId, "profile-service", profileReport);
        // media-service still runs the previous release: version 2, whose report states no hops (issue 22 item 2).
        answerOn(Topics.erasureReportsOf("media-service"), child, new ErasureCompletedV2(erasureId, "media-service",
                report("media-service", "media-service", erasureId, child, requested.categories(), Map.of("photo", 3L, "data-key", 1L), false)));

        JsonPath done = await().atMost(PATIENCE).until(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().statusCode(200).extract().jsonPath(), status -> "COMPLETED".equals(status.getString("status")));

        JsonNode receipt = verifyWithPublishedKeys(done.getString("receipt"));
        assertEquals(erasureId.toString(), receipt.path("erasureId").asText());
        assertEquals(child.toString(), receipt.path("childId").asText());
        assertEquals(5, receipt.path("categories").size());
        assertEquals(List.of("consent-service", "media-service", "profile-service"),
                List.of(part(receipt, 0).path("service").asText(), part(receipt, 1).path("service").asText(), part(receipt, 2).path("service").asText()));
        assertEquals(2, part(receipt, 0).path("erased").path("consent-record").asLong());
        assertEquals(3, part(receipt, 1).path("erased").path("photo").asLong());
        assertEquals(sha256(profileReport), part(receipt, 2).path("reportDigest").asText());
        assertTrue(receipt.path("parentId").isMissingNode(), "no parent identity in the receipt");
        // Issue 18 item 1: T1 and T2, for the receipt and per store, as the participants' reports stated them.
        Instant mediaUnreadable = Instant.parse(part(receipt, 1).path("stores").path(0).path("unreadableAt").asText());
        assertEquals("media-service database", part(receipt, 1).path("stores").path(0).path("store").asText());
        assertEquals(mediaUnreadable.plus(KEK_ROTATION).toString(), part(receipt, 1).path("stores").path(0).path("backupsUnreadableAt").asText());
        assertEquals("consent database", part(receipt, 0).path("stores").path(0).path("store").asText());
        assertTrue(part(receipt, 0).path("stores").path(0).path("backupsUnreadableAt").isNull(), "consent-service's store is under no key");
        Instant t1 = Instant.parse(receipt.path("unreadableAt").asText());
        Instant t2 = Instant.parse(receipt.path("backupsUnreadableAt").asText());
        assertTrue(!t1.isBefore(mediaUnreadable), "T1 is the latest store's");
        assertEquals(latestBackupMoment(receipt), t2, "T2 is the latest store's");
        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ?", child) >= 6, "the ledger survives erasure");
        // Issue 22 item 2: each part states the service's hops as its report did, and when consent-service accepted it.
        JsonNode profileClaims = claimsOf(profileReport);
        for (String hop : List.of("receivedAt", "unreadableAt", "bytesGoneAt")) {
            String inReceipt = hop.equals("receivedAt") ? "requestReceivedAt" : hop;
            assertEquals(Instant.parse(profileClaims.path(hop).asText()), Instant.parse(part(receipt, 2).path(inReceipt).asText()), hop);
        }
        assertTrue(Instant.parse(part(receipt, 2).path("receivedAt").asText()).isBefore(Instant.parse(receipt.path("completedAt").asText()).plusNanos(1)),
                "the report was accepted before the receipt was signed");
        assertTrue(part(receipt, 1).path("requestReceivedAt").isNull(), "a version 2 report states no hops");
        assertTrue(part(receipt, 1).path("bytesGoneAt").isNull());
        assertFalse(part(receipt, 1).path("unreadableAt").isNull(), "but its key destruction, which version 2 states");
        assertTrue(part(receipt, 0).path("requestReceivedAt").isNull(), "consent-service's own part is erased when asked");
    }

    /**
     * Issue 21 item 3: the reports of different children are accepted at once. One child's report is held inside its
     * transaction by a lock the test takes on its saga's row (the real database); the other child's report, sent after
     * it on the same topic, is accepted meanwhile. With the consumer of before, one report at a time, it waited.
     */
    @Test
    void anotherChildsReportIsAcceptedWhileOneChildsReportIsHeld() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID held = parent.registerChild();
        UUID other = parent.registerChild();
        UUID heldErasure = UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/{id}", held)
                .then().statusCode(202).extract().path("erasureId"));
        UUID otherErasure = UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/{id}", other)
                .then().statusCode(202).extract().path("erasureId"));
        Set<DataCategory> categories = awaitRequest(held, heldErasure).categories();
        awaitRequest(other, otherErasure);
        String profileAnswers = "SELECT count(*) FROM erasure_answer WHERE erasure_id = ? AND service = 'profile-service'";

        try (Connection lock = Database.asService()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("SELECT id FROM erasure_request WHERE id = ? FOR UPDATE")) {
                select.setObject(1, heldErasure);
                select.executeQuery().close();
            }
            answer(held, heldErasure, "profile-service", report("profile-service", "profile-service", heldErasure, held, categories, Map.of("profile", 1L)));
            await().atMost(PATIENCE).until(() -> sessionsBlockedBy(lock) > 0);

            answer(other, otherErasure, "profile-service", report("profile-service", "profile-service", otherErasure, other, categories, Map.of("profile", 1L)));
            await().atMost(PATIENCE).until(() -> Database.count(profileAnswers, otherErasure) == 1);

            assertEquals(1, sessionsBlockedBy(lock), "the held child's report still waits for its saga");
            assertEquals(0, Database.count(profileAnswers, heldErasure));
            lock.rollback();
        }
        await().atMost(PATIENCE).until(() -> Database.count(profileAnswers, heldErasure) == 1);
    }

    /** Sessions waiting for a lock the test's connection holds. */
    private static long sessionsBlockedBy(Connection connection) throws SQLException {
        try (PreparedStatement pid = connection.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rows = pid.executeQuery()) {
            rows.next();
            return Database.count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", rows.getInt(1));
        }
    }

    @Test
    void aReportNotSignedByTheServicesTrustedKeyIsParkedAndNeverCounted() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "VOICE", Parents.currentNoticeVersion()).statusCode(201);
        UUID erasureId = erase(parent, child, "VOICE");
        Set<DataCategory> voice = EnumSet.of(DataCategory.VOICE);

        String forged = report("impostor", "profile-service", erasureId, child, voice, Map.of());
        answer(child, erasureId, "profile-service", forged);
        answer(child, erasureId, "media-service", report("media-service", "media-service", erasureId, child, voice, Map.of("voice", 2L)));

        ConsumerRecord<String, String> parked = topics.awaitRecord(Topics.deadLetter(Topics.PROFILE_ERASURE_REPORTS, "consent-service"),
                record -> record.value().contains(forged), PATIENCE);
        assertNotNull(parked, "the forged report must land on the dead-letter topic");
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().body("pendingServices", contains("profile-service")).body("status", equalTo("PENDING")));

        answer(child, erasureId, "profile-service", report("profile-service", "profile-service", erasureId, child, voice, Map.of()));
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().body("status", equalTo("COMPLETED")));
    }

    /**
     * Issue 18 item 4: consent-service's key rotates under the running service; a receipt signed before the rotation
     * still verifies at the JWKS after it, and the next receipt carries the new key id. A participant that rotated its
     * key is trusted at once under the new key and still under the retired one (a report signed just before its
     * rotation), and a report of the previous release (key id = the service's name) verifies under its legacy id.
     */
    @Test
    void receiptsAndReportsSignedBeforeAKeyRotationStillVerifyAfterIt() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);
        parent.grant(child, "VOICE", Parents.currentNoticeVersion()).statusCode(201);
        Set<DataCategory> chat = EnumSet.of(DataCategory.CHAT);
        Set<DataCategory> voice = EnumSet.of(DataCategory.VOICE);
        UUID first = erase(parent, child, "CHAT");
        UUID second = erase(parent, child, "VOICE");
        String signedJustBeforeItsRotation = report("profile-service", "profile-service", first, child, chat, Map.of());

        // profile-service rotates; its next report names a key id consent-service has not seen yet.
        SigningKeys.rotate(MailAndKeysTestResource.KEYS.resolve("profile-service.key"), MailAndKeysTestResource.retired("profile-service"),
                "profile-service");
        answer(child, second, "profile-service", report("profile-service", "profile-service", second, child, voice, Map.of()));
        // media-service still runs the previous release: key id = its name, its key kept under that legacy id.
        Files.createDirectories(MailAndKeysTestResource.retired("media-service"));
        Files.copy(MailAndKeysTestResource.KEYS.resolve("media-service.pub"),
                MailAndKeysTestResource.retired("media-service").resolve("media-service.pub"), StandardCopyOption.REPLACE_EXISTING);
        ErasureReport previousRelease = new ErasureReport(second, child, "media-service", voice, Map.of(), "rows deleted", true,
                Instant.now(), Instant.now(), null, null, null);
        answerOn(Topics.erasureReportsOf("media-service"), child, new ErasureCompleted(second, "media-service", Es256Jws.sign(previousRelease,
                "media-service", SigningKeys.readPrivate(MailAndKeysTestResource.KEYS.resolve("media-service.key")))));
        String before = awaitReceipt(parent, second);

        // consent-service rotates; the report signed before profile-service's rotation still counts.
        String rotated = SigningKeys.rotate(MailAndKeysTestResource.KEYS.resolve("consent-service.key"),
                MailAndKeysTestResource.retired("consent-service"), "consent-service");
        answer(child, first, "media-service", report("media-service", "media-service", first, child, chat, Map.of()));
        answer(child, first, "profile-service", signedJustBeforeItsRotation);
        String after = awaitReceipt(parent, first);

        JsonNode beforeClaims = verifyWithPublishedKeys(before);
        assertEquals(second.toString(), beforeClaims.path("erasureId").asText(), "signed before the rotation, verified after");
        assertEquals(0, part(beforeClaims, 1).path("stores").size(), "the previous release's version 1 report stated no stores");
        assertEquals(rotated, Es256Jws.keyId(after), "the next receipt is signed with the new key");
        assertEquals(first.toString(), verifyWithPublishedKeys(after).path("erasureId").asText());
        JsonPath jwks = given().when().get("/v1/keys").then().statusCode(200).extract().jsonPath();
        assertEquals(rotated, jwks.getString("keys[0].kid"), "the current key comes first");
        assertTrue(jwks.getList("keys.kid").contains(Es256Jws.keyId(before)), "the retired key is still published");
    }

    /**
     * Defence in depth behind the broker's ACLs (issue 16): a report, even one its service really signed, counts only
     * when it arrives on that service's own topic. Here media-service's genuine report comes in on profile-service's
     * report topic, as it could if profile-service's Kafka principal were stolen and replayed media's old report.
     */
    @Test
    void aReportOnAnotherParticipantsTopicIsParkedAndNeverCounted() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "VOICE", Parents.currentNoticeVersion()).statusCode(201);
        UUID erasureId = erase(parent, child, "VOICE");
        Set<DataCategory> voice = EnumSet.of(DataCategory.VOICE);

        String mediaReport = report("media-service", "media-service", erasureId, child, voice, Map.of("voice", 2L));
        answerOn(Topics.PROFILE_ERASURE_REPORTS, child, erasureId, "media-service", mediaReport);
        answer(child, erasureId, "profile-service", report("profile-service", "profile-service", erasureId, child, voice, Map.of()));

        ConsumerRecord<String, String> parked = topics.awaitRecord(Topics.deadLetter(Topics.PROFILE_ERASURE_REPORTS, "consent-service"),
                record -> record.value().contains(mediaReport), PATIENCE);
        assertNotNull(parked, "a report on another participant's topic must land on the dead-letter topic");
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().body("pendingServices", contains("media-service")).body("status", equalTo("PENDING")));

        answer(child, erasureId, "media-service", mediaReport);
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().body("status", equalTo("COMPLETED")));
    }

    @Test
    void aSilentParticipantIsAskedAgainAndFlagged() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);
        UUID erasureId = erase(parent, child, "CHAT");
        awaitRequest(child, erasureId);
        answer(child, erasureId, "media-service", report("media-service", "media-service", erasureId, child, EnumSet.of(DataCategory.CHAT),
                Map.of("chat-message", 4L)));
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().body("pendingServices", contains("profile-service")));
        double flaggedBefore = overdueCount("profile-service");

        overdueJob.askOverdueParticipantsAgain();
        assertEquals(1, requestsFor(child, erasureId, 2, Duration.ofSeconds(3)).size(), "not overdue yet");

        clock.advance(Duration.ofMinutes(3));
        overdueJob.askOverdueParticipantsAgain();

        assertEquals(2, requestsFor(child, erasureId, 2, PATIENCE).size(), "the request is published again");
        assertTrue(overdueCount("profile-service") >= flaggedBefore + 1, "the silent participant is counted");
    }

    private static JsonNode part(JsonNode receipt, int index) {
        return receipt.path("services").get(index);
    }

    private double overdueCount(String service) {
        var counter = meters.find("kidsafe.erasure.overdue").tag("service", service).counter();
        return counter == null ? 0 : counter.count();
    }

    private ErasureRequestedV2 awaitRequest(UUID child, UUID erasureId) {
        List<ConsumerRecord<String, String>> found = requestsFor(child, erasureId, 1, PATIENCE);
        assertEquals(1, found.size(), "ErasureRequested never reached the broker");
        return (ErasureRequestedV2) EventCodec.payload(EventCodec.decode(found.get(0).value()));
    }

    private List<ConsumerRecord<String, String>> requestsFor(UUID child, UUID erasureId, int enough, Duration timeout) {
        return topics.readAll(Topics.ERASURE_REQUESTS, record -> child.toString().equals(record.key()) && record.value().contains("ErasureRequested")
                && record.value().contains(erasureId.toString()), enough, timeout);
    }

    /** A participant's report, signed with the current key of {@code signer} (its own, or an impostor's) under its key id. */
    private static String report(String signer, String service, UUID erasureId, UUID child, Set<DataCategory> categories, Map<String, Long> erased) {
        return report(signer, service, erasureId, child, categories, erased, true);
    }

    /** @param hops whether it states the participant's hops (version 3), or not (version 2) */
    private static String report(String signer, String service, UUID erasureId, UUID child, Set<DataCategory> categories, Map<String, Long> erased,
                                 boolean hops) {
        Instant now = Instant.now();
        Instant unreadable = now.minusMillis(20);
        ErasureReport report = new ErasureReport(erasureId, child, service, categories, erased, "data key destroyed, rows deleted", true, unreadable, now,
                List.of(new ErasureReport.Store(service + " database", unreadable, unreadable.plus(KEK_ROTATION))),
                hops ? now.minusMillis(30) : null, hops ? now.minusMillis(10) : null);
        Path key = MailAndKeysTestResource.KEYS.resolve(signer + ".key");
        String keyId = SigningKeyIds.of(service, SigningKeys.readPublic(ServiceSigningKey.publicFileOf(key)));
        return Es256Jws.sign(report, keyId, SigningKeys.readPrivate(key));
    }

    private static UUID erase(Parents parent, UUID child, String category) {
        return UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/{id}/consents/{category}", child, category)
                .then().statusCode(202).extract().path("erasureId"));
    }

    private static String awaitReceipt(Parents parent, UUID erasureId) {
        return await().atMost(PATIENCE).until(() -> given().auth().oauth2(parent.token()).when().get("/v1/erasures/{id}", erasureId)
                .then().statusCode(200).extract().jsonPath(), status -> "COMPLETED".equals(status.getString("status"))).getString("receipt");
    }

    /** The report of {@code service}, on the topic only that service may write. */
    private void answer(UUID child, UUID erasureId, String service, String signedReport) {
        answerOn(Topics.erasureReportsOf(service), child, erasureId, service, signedReport);
    }

    private void answerOn(String topic, UUID child, UUID erasureId, String service, String signedReport) {
        answerOn(topic, child, new ErasureCompletedV3(erasureId, service, signedReport));
    }

    private void answerOn(String topic, UUID child, Record completed) {
        EventEnvelope envelope = EventCodec.envelope(child, completed, Instant.now());
        topics.send(topic, child.toString(), EventCodec.encode(envelope));
    }

    /** The claims of a signed report, as signed. */
    private static JsonNode claimsOf(String jws) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
    }

    private static Instant latestBackupMoment(JsonNode receipt) {
        Instant latest = null;
        for (JsonNode part : receipt.path("services")) {
            for (JsonNode store : part.path("stores")) {
                if (!store.path("backupsUnreadableAt").isNull()) {
                    Instant moment = Instant.parse(store.path("backupsUnreadableAt").asText());
                    latest = latest == null || moment.isAfter(latest) ? moment : latest;
                }
            }
        }
        return latest;
    }

    /** Verifies a receipt with the key the public JWKS lists under its key id, as any outside verifier would. */
    private static JsonNode verifyWithPublishedKeys(String receipt) {
        List<Map<String, Object>> keys = given().when().get("/v1/keys").then().statusCode(200).extract().jsonPath().getList("keys");
        Map<String, Object> jwk = keys.stream().filter(key -> key.get("kid").equals(Es256Jws.keyId(receipt))).findFirst()
                .orElseThrow(() -> new AssertionError("no published key " + Es256Jws.keyId(receipt) + " in " + keys));
        return Es256Jws.verify(receipt, EcJwk.publicKey(jwk));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

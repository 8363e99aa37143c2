package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ToyPairingTest {

    private static final String INVALID_CODE = "https://kidsafe.dev/problems/invalid-pairing-code";

    @Inject
    Fixtures fixtures;
    @Inject
    MutableClock clock;
    @Inject
    RecordingToyIdentityIssuer identities;
    @Inject
    ToyIdentityWithdrawals withdrawals;
    @Inject
    DevicePseudonyms pseudonyms;

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final String device = "plush-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void restore() {
        clock.reset();
        identities.unavailable(false);
        withdrawals.processDue();
        assertEquals(0, identities.callsInsideTransactions(), "no Keycloak call inside a database transaction");
    }

    private String pseudonym() {
        return pseudonyms.of(device);
    }

    @Test
    void aToyPairsGreetsItsChildAndIsAnnounced() {
        String name = fixtures.childWithProfile(child, parent);
        String code = newCode(child, parent);
        long pendingBefore = withdrawals.pending();

        redeem(code, device).statusCode(201)
                .body("clientId", equalTo("kidsafe-toy"))
                .body("tokenEndpoint", equalTo("http://127.0.0.1:8180/realms/kidsafe/protocol/openid-connect/token"))
                .body("username", matchesPattern("toy-[0-9a-f-]{36}@toys\\.invalid"))
                .body("secret", matchesPattern(".{20,}"))
                .body("childId", equalTo(child.toString()));
        assertEquals(Optional.of(child), identities.childFor(pseudonym()));
        assertTrue(pseudonym().matches("[A-Za-z0-9_-]{43}") && !pseudonym().contains(device));

        given().auth().oauth2(TestTokens.toy(pseudonym(), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me")
                .then().statusCode(200).body("displayName", equalTo(name)).body("avatar", equalTo("FOX"));
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/toys", child)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].deviceId", equalTo(device)).body("items[0].status", equalTo("PAIRED"));

        EventEnvelope paired = awaitProfileEvent("ToyPaired");
        assertEquals(2, paired.schemaVersion());
        assertEquals(new ToyPairedV2(pseudonym(), parent), EventCodec.payload(paired));
        assertFalse(paired.payload().toString().contains(device), "the raw device id must not leave profile-service");
        assertEquals(pendingBefore, withdrawals.pending(), "the pairing's reservation goes with its commit");
    }

    @Test
    void aCodeWorksOnceOnlyAndNotAfterTenMinutes() {
        fixtures.childWithProfile(child, parent);
        String code = newCode(child, parent);

        redeem("ZZZZZ-ZZZZZ", device).statusCode(400).contentType("application/problem+json").body("type", equalTo(INVALID_CODE));
        redeem(code.toLowerCase().replace("-", " "), device).statusCode(201);
        redeem(code, "other-" + device).statusCode(400).body("type", equalTo(INVALID_CODE));

        String late = newCode(child, parent);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        redeem(late, "late-" + device).statusCode(400).body("type", equalTo(INVALID_CODE));
    }

    @Test
    void twoToysRacingForOneCodeGetItOnce() throws Exception {
        fixtures.childWithProfile(child, parent);
        String code = newCode(child, parent);
        ExecutorService toys = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = toys.invokeAll(List.of(
                    () -> redeem(code, device + "-a").extract().statusCode(),
                    () -> redeem(code, device + "-b").extract().statusCode()));
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            statuses.sort(null);
            assertEquals(List.of(201, 400), statuses);
        } finally {
            toys.shutdownNow();
        }
    }

    @Test
    void aCodeSurvivesAnIdentityProviderOutage() {
        fixtures.childWithProfile(child, parent);
        String code = newCode(child, parent);

        identities.unavailable(true);
        redeem(code, device).statusCode(503).contentType("application/problem+json");
        identities.unavailable(false);
        redeem(code, device).statusCode(201);
        assertEquals(1, identities.usersFor(pseudonym()));
    }

    @Test
    void anIdentityWhosePairingNeverCommitsIsWithdrawn() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);
        UUID strangersChild = UUID.randomUUID();
        fixtures.childWithProfile(strangersChild, UUID.randomUUID());
        // Step 1 of a pairing reserves the withdrawal of the identity it is about to create; as if the service
        // crashed after Keycloak created the identity, nothing binds it: the reservation deletes it once due.
        String orphan = "toy-" + UUID.randomUUID() + "@toys.invalid";
        identities.issue(orphan, strangersChild, pseudonyms.of("orphan-" + device));
        fixtures.reserveWithdrawal(orphan);
        withdrawals.processDue();
        assertEquals(1, identities.usersFor(pseudonyms.of("orphan-" + device)), "a reservation waits for its pairing");

        clock.advance(Duration.ofMinutes(6));
        withdrawals.processDue();
        assertEquals(0, identities.usersFor(pseudonyms.of("orphan-" + device)));
        assertEquals(1, identities.usersFor(pseudonym()), "a committed pairing keeps its identity");
    }

    @Test
    void rePairingTheSameChildReplacesTheIdentity() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);
        redeem(newCode(child, parent), device).statusCode(201);

        assertEquals(1, identities.usersFor(pseudonym()), "the old identity is withdrawn");
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/toys", child)
                .then().statusCode(200).body("items.status", equalTo(List.of("REVOKED", "PAIRED"))).body("next", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aToyPairedWithOneChildCannotBeTakenByAnotherFamily() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);
        UUID strangersChild = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        fixtures.childWithProfile(strangersChild, stranger);

        redeem(newCode(strangersChild, stranger), device).statusCode(409);
        assertEquals(Optional.of(child), identities.childFor(pseudonym()));
        assertEquals(1, identities.usersFor(pseudonym()));
    }

    @Test
    void unpairingEndsTheToysAccessAtOnce() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);
        String toyToken = TestTokens.toy(pseudonym(), child, Fixtures.AUDIENCE);

        given().auth().oauth2(Fixtures.parentToken(UUID.randomUUID())).when().delete("/v1/children/{childId}/toys/{deviceId}", child, device)
                .then().statusCode(404);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().delete("/v1/children/{childId}/toys/{deviceId}", child, device)
                .then().statusCode(204);

        given().auth().oauth2(toyToken).when().get("/v1/toys/me").then().statusCode(403)
                .body("type", equalTo("https://kidsafe.dev/problems/toy-not-paired"));
        assertEquals(Optional.empty(), identities.childFor(pseudonym()), "withdrawn right after the unpairing committed");
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{childId}/toys", child)
                .then().statusCode(200).body("items[0].status", equalTo("UNPAIRED"));
        assertEquals(new ToyUnpairedV2(pseudonym()), EventCodec.payload(awaitProfileEvent("ToyUnpaired")));
    }

    @Test
    void anUnpairingDuringAnIdentityProviderOutageWithdrawsTheIdentityLater() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);

        long pendingBefore = withdrawals.pending();
        identities.unavailable(true);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().delete("/v1/children/{childId}/toys/{deviceId}", child, device)
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.toy(pseudonym(), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        assertEquals(pendingBefore + 1, withdrawals.pending(), "the withdrawal waits durably");

        identities.unavailable(false);
        withdrawals.processDue();
        assertEquals(1, identities.usersFor(pseudonym()), "a failed attempt is retried after a delay, not at once");
        clock.advance(Duration.ofMinutes(3));
        withdrawals.processDue();
        assertEquals(0, identities.usersFor(pseudonym()));
        assertEquals(pendingBefore, withdrawals.pending());
    }

    @Test
    void aToyTokenForAnotherChildOrDeviceIsRefused() {
        fixtures.childWithProfile(child, parent);
        redeem(newCode(child, parent), device).statusCode(201);

        given().auth().oauth2(TestTokens.toy(pseudonym(), UUID.randomUUID(), Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        given().auth().oauth2(TestTokens.toy(pseudonyms.of("unknown-toy"), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        // The raw device id is not what a toy's token carries any more.
        given().auth().oauth2(TestTokens.toy(device, child, Fixtures.AUDIENCE)).when().get("/v1/toys/me").then().statusCode(403);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/toys/me").then().statusCode(403);
    }

    @Test
    void pairingNeedsAProfileAndTheParent() {
        fixtures.grant(child, parent, DataCategory.PROFILE);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().post("/v1/children/{childId}/pairing-codes", child)
                .then().statusCode(409).body("type", equalTo("https://kidsafe.dev/problems/profile-required"));
        given().auth().oauth2(Fixtures.parentToken(UUID.randomUUID())).when().post("/v1/children/{childId}/pairing-codes", child)
                .then().statusCode(404);
        redeem("ABCDE-FGHJK", "bad device id!").statusCode(400);
        given().contentType(ContentType.JSON).body("{\"code\":\"ABCDE\",\"deviceId\":\"toy-1\",\"childId\":\"x\"}")
                .when().post("/v1/toys/pairings").then().statusCode(400);
    }

    /**
     * A child's pairings are paged by keyset on (pairedAt, id) (issue 20 item 4): 120 of them in pages of 50, two per
     * instant so a page ends between equal times, each once and in order; bad cursors and limits are 400 problem+json.
     */
    @Test
    void aChildsToysArePagedEachOnceInOrder() throws SQLException {
        fixtures.grant(child, parent, DataCategory.PROFILE);
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        List<String> expected = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO toy_binding (id, child_id, parent_id, device_id, device_pseudonym, status, paired_at, ended_at)
                     VALUES (?, ?, ?, ?, ?, 'UNPAIRED', ?, ?)""")) {
            for (int i = 0; i < 120; i++) {
                UUID id = UUID.randomUUID();
                Instant pairedAt = start.plusSeconds(i / 2);
                insert.setObject(1, id);
                insert.setObject(2, child);
                insert.setObject(3, parent);
                insert.setString(4, "old-toy-" + i);
                insert.setString(5, pseudonyms.of("old-toy-" + i));
                insert.setTimestamp(6, Timestamp.from(pairedAt));
                insert.setTimestamp(7, Timestamp.from(pairedAt.plusSeconds(3600)));
                insert.addBatch();
                rows.add(new String[] {pairedAt.toString(), id.toString(), "old-toy-" + i});
            }
            insert.executeBatch();
        }
        // PostgreSQL's order: time, then the uuid's bytes, which is the order of its lower-case hex text.
        rows.sort(Comparator.<String[], Instant>comparing(row -> Instant.parse(row[0])).thenComparing(row -> row[1]));
        rows.forEach(row -> expected.add(row[2]));

        List<String> listed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            var request = given().auth().oauth2(Fixtures.parentToken(parent)).queryParam("limit", 50);
            if (next != null) {
                request.queryParam("after", next);
            }
            var page = request.when().get("/v1/children/{childId}/toys", child).then().statusCode(200).extract().jsonPath();
            List<String> devices = page.getList("items.deviceId", String.class);
            listed.addAll(devices);
            sizes.add(devices.size());
            next = page.getString("next");
        } while (next != null && sizes.size() < 10);
        assertEquals(expected, listed, "every pairing exactly once, oldest first");
        assertEquals(List.of(50, 50, 20), sizes);

        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "201"}, {"after", "not-a-cursor"}}) {
            given().auth().oauth2(Fixtures.parentToken(parent)).queryParam(bad[0], bad[1]).when().get("/v1/children/{childId}/toys", child)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://kidsafe.dev/problems/" + (bad[0].equals("limit") ? "invalid-limit" : "invalid-cursor")));
        }
        given().auth().oauth2(Fixtures.parentToken(UUID.randomUUID())).when().get("/v1/children/{childId}/toys", child)
                .then().statusCode(404);
    }

    private String newCode(UUID forChild, UUID byParent) {
        return given().auth().oauth2(Fixtures.parentToken(byParent)).when().post("/v1/children/{childId}/pairing-codes", forChild)
                .then().statusCode(201).body("code", matchesPattern("[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}"))
                .extract().path("code");
    }

    private static ValidatableResponse redeem(String code, String deviceId) {
        return given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\",\"deviceId\":\"" + deviceId + "\"}")
                .when().post("/v1/toys/pairings").then();
    }

    private EventEnvelope awaitProfileEvent(String type) {
        List<ConsumerRecord<String, String>> records = fixtures.topics().readAll(Topics.PROFILE,
                record -> child.toString().equals(record.key()) && EventCodec.decode(record.value()).type().equals(type), 1,
                Fixtures.PATIENCE);
        assertEquals(1, records.size(), type + " was not published for the child");
        return EventCodec.decode(records.get(0).value());
    }
}

package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.profile.pairing.DevicePseudonymBackfill;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An installation of the previous release upgrades to device pseudonyms (issue 16; deploy/README.md, upgrade
 * sequence): its toy bindings, written as the previous release wrote them (raw device id only), get their
 * pseudonym, and each still-paired toy is announced once more as ToyPaired v2, so media-service, which drops its
 * raw device ids, projects the pseudonyms. Unpaired toys are not announced; a second run announces nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class DevicePseudonymUpgradeTest {

    /** The previous release's insert into toy_binding (V1 columns only). */
    private static final String PREVIOUS_RELEASE_INSERT =
            "INSERT INTO toy_binding (id, child_id, parent_id, device_id, status, paired_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    @Inject
    Fixtures fixtures;
    @Inject
    DevicePseudonymBackfill backfill;
    @Inject
    DevicePseudonyms pseudonyms;
    @Inject
    RecordingToyIdentityIssuer identities;

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final String pairedToy = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
    private final String unpairedToy = "legacy-gone-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void bindingsOfThePreviousReleaseGetTheirPseudonymAndPairedToysAreAnnouncedOnce() throws SQLException {
        fixtures.childWithProfile(child, parent);
        insertAsThePreviousRelease(pairedToy, "PAIRED", null);
        insertAsThePreviousRelease(unpairedToy, "UNPAIRED", Instant.now());

        backfill.run();

        assertEquals(1, rows("SELECT count(*) FROM toy_binding WHERE child_id = ? AND device_pseudonym = ?", child, pseudonyms.of(pairedToy)));
        assertEquals(1, rows("SELECT count(*) FROM toy_binding WHERE child_id = ? AND device_pseudonym = ?", child, pseudonyms.of(unpairedToy)));
        List<EventEnvelope> announced = toyPaired(2, Duration.ofSeconds(10));
        assertEquals(1, announced.size(), "only the paired toy is announced");
        assertEquals(2, announced.get(0).schemaVersion());
        assertEquals(new ToyPairedV2(pseudonyms.of(pairedToy), parent), EventCodec.payload(announced.get(0)));
        assertTrue(!announced.get(0).payload().toString().contains(pairedToy), "no raw device id in the event");

        // The upgraded toy's token (device_id = pseudonym) is recognised by profile-service.
        given().auth().oauth2(TestTokens.toy(pseudonyms.of(pairedToy), child, Fixtures.AUDIENCE)).when().get("/v1/toys/me")
                .then().statusCode(200);

        backfill.run();
        assertEquals(1, toyPaired(2, Duration.ofSeconds(5)).size(), "a second run announces nothing");
    }

    @Test
    void unpairingAToyOfThePreviousReleaseWithdrawsTheUserItsMigrationGaveIt() throws SQLException {
        fixtures.childWithProfile(child, parent);
        insertAsThePreviousRelease(pairedToy, "PAIRED", null);
        // ./kidsafe toys migrate --phase=create made the toy a user named after its old client id.
        identities.issue("toy-" + pairedToy + "@toys.invalid", child, pseudonyms.of(pairedToy));

        given().auth().oauth2(Fixtures.parentToken(parent)).when().delete("/v1/children/{childId}/toys/{deviceId}", child, pairedToy)
                .then().statusCode(204);

        assertEquals(0, identities.usersFor(pseudonyms.of(pairedToy)), "withdrawn by its migrated username");
    }

    private void insertAsThePreviousRelease(String device, String status, Instant endedAt) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement insert = connection.prepareStatement(PREVIOUS_RELEASE_INSERT)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, child);
            insert.setObject(3, parent);
            insert.setString(4, device);
            insert.setString(5, status);
            insert.setTimestamp(6, Timestamp.from(Instant.now().minus(Duration.ofDays(30))));
            insert.setTimestamp(7, endedAt == null ? null : Timestamp.from(endedAt));
            insert.executeUpdate();
        }
    }

    private List<EventEnvelope> toyPaired(int enough, Duration patience) {
        List<ConsumerRecord<String, String>> records = fixtures.topics().readAll(Topics.PROFILE,
                record -> child.toString().equals(record.key()) && "ToyPaired".equals(EventCodec.decode(record.value()).type()), enough, patience);
        return records.stream().map(record -> EventCodec.decode(record.value())).toList();
    }

    private long rows(String sql, Object... parameters) {
        return RealInfrastructure.shared().database("profile").count(sql, parameters);
    }
}

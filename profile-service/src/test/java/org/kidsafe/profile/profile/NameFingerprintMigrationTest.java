package org.kidsafe.profile.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.kek.KeyEncryptionKeys;
import org.kidsafe.crypto.pseudonym.LookupFingerprints;
import org.kidsafe.events.DataCategory;
import org.kidsafe.profile.Fixtures;
import org.kidsafe.profile.crypto.Fingerprints;
import org.kidsafe.profile.displayname.DisplayNamePolicy;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Display-name fingerprints of the previous release, derived from the KEK, are recomputed under the pseudonymisation
 * key (profile V5, issue 18 item 1), so no KEK is needed for lookups any more and every KEK can be retired. Across the
 * upgrade the name stays taken: another child cannot take it before the migration nor after it, and its own child
 * keeps it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class NameFingerprintMigrationTest {

    private static final String NAME_TAKEN = "https://kidsafe.dev/problems/display-name-taken";

    @Inject
    Fixtures fixtures;
    @Inject
    NameFingerprintMigration migration;
    @Inject
    KeyEncryptionKeys keks;
    @Inject
    LookupFingerprints lookup;
    @Inject
    Fingerprints fingerprints;

    @Test
    void aNameFingerprintedThePreviousWayStaysTakenAcrossTheMigrationAndEndsUnderThePseudonymisationKey() throws SQLException {
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        String name = fixtures.childWithProfile(child, parent);
        String comparable = DisplayNamePolicy.comparable(name);
        storeAsThePreviousRelease(child, Fingerprints.previousRelease(keks.byId(keks.currentId()), ProfileService.NAME_FINGERPRINT, comparable));
        UUID rival = UUID.randomUUID();
        UUID rivalParent = UUID.randomUUID();
        fixtures.grant(rival, rivalParent, DataCategory.PROFILE);

        Fixtures.putProfile(rival, rivalParent, Fixtures.profileJson(name)).statusCode(409).body("type", equalTo(NAME_TAKEN));

        assertTrue(migration.run() >= 1);

        assertArrayEquals(lookup.of("kidsafe-profile/" + ProfileService.NAME_FINGERPRINT, comparable), fingerprint(child),
                "recomputed under the pseudonymisation key");
        assertEquals(Fingerprints.SCHEME, scheme(child));
        assertTrue(fingerprints.legacy(ProfileService.NAME_FINGERPRINT, comparable).isEmpty(), "the KEK-derived key is let go");
        Fixtures.putProfile(rival, rivalParent, Fixtures.profileJson(name)).statusCode(409).body("type", equalTo(NAME_TAKEN));
        Fixtures.putProfile(child, parent, Fixtures.profileJson(name)).statusCode(200);
        given().auth().oauth2(Fixtures.parentToken(parent)).when().get("/v1/children/{c}/profile", child)
                .then().statusCode(200).body("displayName", equalTo(name));
        assertEquals(0, migration.run(), "a second run finds nothing");
    }

    /** What the previous release stored: the KEK-derived fingerprint, which V5 marks as scheme 1 (the column's default). */
    private static void storeAsThePreviousRelease(UUID child, byte[] fingerprint) throws SQLException {
        try (Connection db = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement update = db.prepareStatement(
                     "UPDATE child_profile SET name_fingerprint = ?, name_fingerprint_version = DEFAULT WHERE child_id = ?")) {
            update.setBytes(1, fingerprint);
            update.setObject(2, child);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static byte[] fingerprint(UUID child) throws SQLException {
        return (byte[]) column("SELECT name_fingerprint FROM child_profile WHERE child_id = ?", child);
    }

    private static short scheme(UUID child) throws SQLException {
        return ((Number) column("SELECT name_fingerprint_version FROM child_profile WHERE child_id = ?", child)).shortValue();
    }

    private static Object column(String query, UUID child) throws SQLException {
        try (Connection db = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement select = db.prepareStatement(query)) {
            select.setObject(1, child);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getObject(1);
            }
        }
    }
}

package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit ledger is append-only for the service and any rewrite behind its back is detected. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class LedgerTest {

    private final String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");

    @Test
    void everyStepIsRecordedAndTheChainIsIntact() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);

        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ? AND type IN ('CHILD_REGISTERED', 'CONSENT_GRANTED')", child) == 2);
        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_VERIFIED'", parent.id) == 1);
        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE details LIKE ?", "%" + parent.email + "%") == 0,
                "no contact data in the ledger");
        verification().body("intact", equalTo(true)).body("firstBrokenSeq", nullValue());
        given().auth().oauth2(parent.token()).when().get("/v1/ledger/verification").then().statusCode(403);
    }

    @Test
    void theServicesOwnRoleCannotRewriteHistory() throws SQLException {
        new Parents().registerChild();
        try (Connection connection = Database.asService(); Statement statement = connection.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> statement.executeUpdate("UPDATE ledger_entry SET details = '{}'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> statement.executeUpdate("DELETE FROM ledger_entry"));
        }
    }

    @Test
    void anEditedEntryIsDetected() throws SQLException {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);
        long seq = seqOf(child, "CONSENT_GRANTED");
        String original = detailsOf(seq);
        try {
            asSuperuserBypassingTriggers("UPDATE ledger_entry SET details = ? WHERE seq = ?", original.replace("PHOTOS", "CHAT"), seq);
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("content does not match its hash"));
        } finally {
            asSuperuserBypassingTriggers("UPDATE ledger_entry SET details = ? WHERE seq = ?", original, seq);
        }
        verification().body("intact", equalTo(true));
    }

    @Test
    void aRemovedEntryIsDetected() throws SQLException {
        UUID child = new Parents().registerChild();
        new Parents().registerChild();
        long seq = seqOf(child, "CHILD_REGISTERED");
        Object[] row = rowOf(seq);
        asSuperuserBypassingTriggers("DELETE FROM ledger_entry WHERE seq = ?", seq);
        try {
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("entry " + seq + " is missing"));
        } finally {
            asSuperuserBypassingTriggers("INSERT INTO ledger_entry (seq, type, child_id, parent_id, details, occurred_at, prev_hash, hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row);
        }
        verification().body("intact", equalTo(true));
    }

    private io.restassured.response.ValidatableResponse verification() {
        return given().auth().oauth2(officer).when().get("/v1/ledger/verification").then().statusCode(200);
    }

    private static long seqOf(UUID child, String type) {
        return Database.count("SELECT max(seq) FROM ledger_entry WHERE child_id = ? AND type = ?", child, type);
    }

    private static String detailsOf(long seq) throws SQLException {
        try (Connection connection = Database.asService();
             PreparedStatement statement = connection.prepareStatement("SELECT details FROM ledger_entry WHERE seq = ?")) {
            statement.setLong(1, seq);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static Object[] rowOf(long seq) throws SQLException {
        try (Connection connection = Database.asService();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT seq, type, child_id, parent_id, details, occurred_at, prev_hash, hash FROM ledger_entry WHERE seq = ?")) {
            statement.setLong(1, seq);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Object[] row = new Object[8];
                for (int i = 0; i < row.length; i++) {
                    row[i] = i == 5 ? rows.getObject(i + 1, OffsetDateTime.class) : rows.getObject(i + 1);
                }
                return row;
            }
        }
    }

    /** What only a superuser can do: switch the append-only triggers off for one transaction and rewrite history. */
    private static void asSuperuserBypassingTriggers(String sql, Object... parameters) throws SQLException {
        try (Connection admin = Database.asSuperuser()) {
            admin.setAutoCommit(false);
            try (Statement replica = admin.createStatement(); PreparedStatement statement = admin.prepareStatement(sql)) {
                replica.execute("SET LOCAL session_replication_role = replica");
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            }
            admin.commit();
        }
    }
}

package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerChain;
import org.kidsafe.consent.ledger.LedgerHeadJob;
import org.kidsafe.consent.ledger.LedgerPrune;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.crypto.jwk.EcJwk;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit ledger is append-only for the service, whose role owns nothing (issue 18 item 3); its signed head verifies
 * with the published keys; verification starts from the last signed checkpoint; a rewrite behind its back is detected,
 * by whoever kept an earlier head if the rewriter removed the stored ones; the owner's prune keeps it verifiable. Since
 * issue 21 item 3 entries are linked into the chain by {@link LedgerChain} (its job is off in tests: they link when
 * they need to), and an entry or a link removed or edited is detected alike; an entry not linked yet is pending.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class LedgerTest {

    /** Rewrites the details of the entry linked at a position. */
    private static final String EDIT_DETAILS = "UPDATE ledger_entry SET details = ? WHERE id = (SELECT entry_id FROM ledger_link WHERE seq = ?)";

    private final String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");
    @Inject
    LedgerHeadJob headJob;
    @Inject
    MutableClock clock;
    @Inject
    Ledger ledger;
    @Inject
    LedgerChain chain;

    @Test
    void everyStepIsRecordedAndTheChainIsIntact() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "CHAT", Parents.currentNoticeVersion()).statusCode(201);

        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ? AND type IN ('CHILD_REGISTERED', 'CONSENT_GRANTED')", child) == 2);
        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'PARENT_VERIFIED'", parent.id) == 1);
        assertTrue(Database.count("SELECT count(*) FROM ledger_entry WHERE details LIKE ?", "%" + parent.email + "%") == 0,
                "no contact data in the ledger");
        chain.linkCommitted();
        verification().body("intact", equalTo(true)).body("firstBrokenSeq", nullValue());
        given().auth().oauth2(parent.token()).when().get("/v1/ledger/verification").then().statusCode(403);
    }

    @Test
    void theServicesOwnRoleCanOnlyAddAndRead() throws SQLException {
        new Parents().registerChild();
        try (Connection connection = Database.asService(); Statement statement = connection.createStatement()) {
            for (String rewrite : List.of("UPDATE ledger_entry SET details = '{}'", "DELETE FROM ledger_entry",
                    "TRUNCATE ledger_entry", "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_no_update_or_delete",
                    "ALTER TABLE ledger_entry DISABLE TRIGGER USER", "DROP TRIGGER ledger_entry_no_update_or_delete ON ledger_entry",
                    "DROP TABLE ledger_entry", "UPDATE ledger_head SET hash = 'x'", "DELETE FROM ledger_head",
                    "TRUNCATE ledger_head", "DROP TABLE ledger_head", "UPDATE ledger_link SET hash = 'x'", "DELETE FROM ledger_link",
                    "TRUNCATE ledger_link", "DROP TABLE ledger_link", "ALTER TABLE ledger_link DISABLE TRIGGER USER",
                    "CREATE OR REPLACE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN OLD; END'",
                    "CREATE OR REPLACE FUNCTION ledger_link_is_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN OLD; END'")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(rewrite), rewrite);
                assertEquals("42501", refused.getSQLState(), rewrite + ": " + refused.getMessage());
            }
            assertTrue(statement.executeQuery("SELECT count(*) FROM ledger_entry").next(), "it still reads the ledger");
            assertTrue(statement.executeQuery("SELECT count(*) FROM ledger_link").next(), "and the chain");
        }
    }

    @Test
    void theSignedHeadIsPublicAndVerifiesWithTheJwks() {
        UUID child = new Parents().registerChild();
        chain.linkCommitted();
        headJob.run();

        ValidatableResponse head = given().when().get("/v1/ledger/head").then().statusCode(200);
        String jws = head.extract().path("jws");
        long seq = head.extract().<Number>path("seq").longValue();
        assertEquals(Database.count("SELECT max(seq) FROM ledger_link"), seq, "the head is the last linked entry");
        assertTrue(seqOf(child, "CHILD_REGISTERED") <= seq);
        List<Map<String, Object>> keys = given().when().get("/v1/keys").then().statusCode(200).extract().path("keys");
        Map<String, Object> jwk = keys.stream().filter(key -> key.get("kid").equals(Es256Jws.keyId(jws))).findFirst().orElseThrow();
        JsonNode claims = Es256Jws.verify(jws, EcJwk.publicKey(jwk));
        assertEquals(seq, claims.path("seq").asLong());
        assertEquals(head.extract().<String>path("hash"), claims.path("hash").asText());
        assertEquals("consent-service", claims.path("iss").asText());
    }

    @Test
    void verificationStartsFromTheLastSignedCheckpoint() throws SQLException {
        UUID below = new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        headJob.run();
        long checkpoint = Database.count("SELECT max(seq) FROM ledger_head");
        long belowSeq = seqOf(below, "CHILD_REGISTERED");
        assertTrue(belowSeq < checkpoint);
        String original = detailsOf(belowSeq);
        try {
            asSuperuserBypassingTriggers(EDIT_DETAILS, "{\"planted\":1}", belowSeq);
            verification().body("intact", equalTo(true)).body("checkpointSeq", equalTo((int) checkpoint))
                    .body("entriesChecked", equalTo(1));

            UUID above = new Parents().registerChild();
            chain.linkCommitted();
            long aboveSeq = seqOf(above, "CHILD_REGISTERED");
            String aboveOriginal = detailsOf(aboveSeq);
            try {
                asSuperuserBypassingTriggers(EDIT_DETAILS, "{\"planted\":2}", aboveSeq);
                verification().body("intact", equalTo(false)).body("checkpointSeq", equalTo((int) checkpoint))
                        .body("firstBrokenSeq", equalTo((int) aboveSeq)).body("reason", equalTo("content does not match its hash"));
            } finally {
                asSuperuserBypassingTriggers(EDIT_DETAILS, aboveOriginal, aboveSeq);
            }
        } finally {
            asSuperuserBypassingTriggers(EDIT_DETAILS, original, belowSeq);
        }
        verification().body("intact", equalTo(true));
    }

    /**
     * Issue 21 item 6: verification reads the chain after the checkpoint in pages (Ledger's 500 entries, each page in its
     * own short transaction); the chain is followed across page boundaries, so an edit two pages past the checkpoint is
     * still found, at its own entry.
     */
    @Test
    void verificationPagesThroughTheChainAfterTheCheckpointAndFindsAnEditPagesLater() throws SQLException {
        appendEntries(1);
        chain.linkCommitted();
        headJob.run();
        long checkpoint = Database.count("SELECT max(seq) FROM ledger_head");
        appendEntries(1_200);
        chain.linkCommitted();
        long lastSeq = verification().body("intact", equalTo(true)).body("checkpointSeq", equalTo((int) checkpoint))
                .extract().<Number>path("lastSeq").longValue();
        assertTrue(lastSeq >= checkpoint + 1_200, "verified up to " + lastSeq + ", the chain goes on to " + (checkpoint + 1_200));
        verification().body("entriesChecked", equalTo((int) (lastSeq - checkpoint + 1)));

        long inThirdPage = checkpoint + 1_100;
        String original = detailsOf(inThirdPage);
        try {
            asSuperuserBypassingTriggers(EDIT_DETAILS, "{\"planted\":3}", inThirdPage);
            verification().body("intact", equalTo(false)).body("checkpointSeq", equalTo((int) checkpoint))
                    .body("firstBrokenSeq", equalTo((int) inThirdPage)).body("reason", equalTo("content does not match its hash"))
                    .body("entriesChecked", equalTo((int) (inThirdPage - checkpoint)));
        } finally {
            asSuperuserBypassingTriggers(EDIT_DETAILS, original, inThirdPage);
        }
        verification().body("intact", equalTo(true));
    }

    @Test
    void aRewriteByTheOwnerIsFoundWithAnEarlierSignedHead() throws SQLException {
        new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        headJob.run();
        String earlierHead = given().when().get("/v1/ledger/head").then().statusCode(200).extract().path("jws");
        long headSeq = Database.count("SELECT max(seq) FROM ledger_head");

        // The owner (a DBA, or a thief of the owner's credential) cuts the last entry, its link and every head that names
        // it, and lets the service write on: the chain and the heads it still stores are consistent again.
        try (Connection owner = Database.asOwner()) {
            owner.setAutoCommit(false);
            try (Statement triggers = owner.createStatement();
                 PreparedStatement cut = owner.prepareStatement("DELETE FROM ledger_entry WHERE id IN (SELECT entry_id FROM ledger_link WHERE seq >= ?)");
                 PreparedStatement unlink = owner.prepareStatement("DELETE FROM ledger_link WHERE seq >= ?");
                 PreparedStatement heads = owner.prepareStatement("DELETE FROM ledger_head WHERE seq >= ?")) {
                triggers.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER");
                triggers.execute("ALTER TABLE ledger_link DISABLE TRIGGER USER");
                for (PreparedStatement delete : List.of(cut, unlink, heads)) {
                    delete.setLong(1, headSeq);
                    delete.executeUpdate();
                }
                triggers.execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER");
                triggers.execute("ALTER TABLE ledger_link ENABLE TRIGGER USER");
            }
            owner.commit();
        }
        new Parents().registerChild();
        chain.linkCommitted();
        verification().body("intact", equalTo(true));

        given().auth().oauth2(officer).contentType("application/json").body(Map.of("heads", List.of(earlierHead)))
                .when().post("/v1/ledger/verification").then().statusCode(200)
                .body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) headSeq))
                .body("reason", containsString("rewritten")).body("headsChecked", equalTo(1));
        String forged = earlierHead.substring(0, earlierHead.lastIndexOf('.') + 1) + "AAAA";
        given().auth().oauth2(officer).contentType("application/json").body(Map.of("heads", List.of(forged)))
                .when().post("/v1/ledger/verification").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void theOwnersPruneRemovesOldEntriesBelowASignedHeadAndTheServiceCannotPrune() throws SQLException {
        UUID old = new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        headJob.run();
        long anchor = Database.count("SELECT max(seq) FROM ledger_head");
        try {
            clock.advance(Duration.ofDays(4 * 366));
            UUID young = new Parents().registerChild();
            chain.linkCommitted();
            headJob.run();
            LedgerPrune prune = new LedgerPrune(Period.ofYears(3), clock);

            try (Connection service = Database.asService()) {
                SQLException refused = assertThrows(SQLException.class, () -> prune.prune(service));
                assertEquals("42501", refused.getSQLState(), refused.getMessage());
            }
            LedgerPrune.Pruned pruned;
            try (Connection owner = Database.asOwner()) {
                pruned = prune.prune(owner);
            }

            assertEquals(anchor, pruned.anchorSeq(), "pruned below the newest head older than three years");
            assertTrue(pruned.entries() > 0);
            assertEquals(0, Database.count("SELECT count(*) FROM ledger_link WHERE seq < ?", anchor));
            assertEquals(0, Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ?", old), "the old child's entry is gone");
            assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ? AND type = 'CHILD_REGISTERED'", young));
            assertEquals(anchor, Database.count("SELECT min(seq) FROM ledger_link"), "the anchor's entry stays first");
            assertEquals(0, Database.count("SELECT count(*) FROM ledger_link l WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.id = l.entry_id)"),
                    "each entry went with its link");
            assertEquals(0, Database.count("SELECT count(*) FROM ledger_head WHERE seq < ?", anchor));
            verification().body("intact", equalTo(true));
            headJob.run();
            verification().body("intact", equalTo(true));
        } finally {
            clock.reset();
        }
    }

    @Test
    void anEditedEntryIsDetected() throws SQLException {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);
        chain.linkCommitted();
        long seq = seqOf(child, "CONSENT_GRANTED");
        String original = detailsOf(seq);
        try {
            asSuperuserBypassingTriggers(EDIT_DETAILS, original.replace("PHOTOS", "CHAT"), seq);
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("content does not match its hash"));
        } finally {
            asSuperuserBypassingTriggers(EDIT_DETAILS, original, seq);
        }
        verification().body("intact", equalTo(true));
    }

    @Test
    void aRemovedEntryIsDetected() throws SQLException {
        UUID child = new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        long seq = seqOf(child, "CHILD_REGISTERED");
        Object[] row = entryRowOf(seq);
        asSuperuserBypassingTriggers("DELETE FROM ledger_entry WHERE id = ?", row[0]);
        try {
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("entry " + seq + " is missing"));
        } finally {
            asSuperuserBypassingTriggers("INSERT INTO ledger_entry (id, type, child_id, parent_id, details, occurred_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", row);
        }
        verification().body("intact", equalTo(true));
    }

    /** Issue 21 item 3: the chain is the links; one removed in the middle is a gap, found at its position. */
    @Test
    void aRemovedLinkIsDetected() throws SQLException {
        UUID child = new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        long seq = seqOf(child, "CHILD_REGISTERED");
        Object[] link = linkRowOf(seq);
        asSuperuserBypassingTriggers("DELETE FROM ledger_link WHERE seq = ?", seq);
        try {
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("entry " + seq + " is missing"));
        } finally {
            asSuperuserBypassingTriggers("INSERT INTO ledger_link (seq, entry_id, prev_hash, hash, horizon)"
                    + " VALUES (?, ?, ?, ?, CAST(? AS xid8))", link);
        }
        verification().body("intact", equalTo(true));
    }

    @Test
    void anEditedLinkIsDetected() throws SQLException {
        new Parents().registerChild();
        new Parents().registerChild();
        chain.linkCommitted();
        long seq = Database.count("SELECT max(seq) FROM ledger_link");
        Object[] link = linkRowOf(seq);
        try {
            asSuperuserBypassingTriggers("UPDATE ledger_link SET prev_hash = ? WHERE seq = ?", "f".repeat(64), seq);
            verification().body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("previous hash does not match"));
        } finally {
            asSuperuserBypassingTriggers("UPDATE ledger_link SET prev_hash = ? WHERE seq = ?", link[2], seq);
        }
        verification().body("intact", equalTo(true));
    }

    /** Issue 21 item 3: an entry whose step committed but that the chainer has not linked yet is pending, never broken. */
    @Test
    void anEntryNotLinkedYetIsPendingNotBroken() {
        chain.linkCommitted();
        long lastSeq = verification().body("intact", equalTo(true)).body("pendingEntries", equalTo(0))
                .extract().<Number>path("lastSeq").longValue();
        appendEntries(3);

        verification().body("intact", equalTo(true)).body("pendingEntries", equalTo(3)).body("lastSeq", equalTo((int) lastSeq));
        chain.linkCommitted();
        verification().body("intact", equalTo(true)).body("pendingEntries", equalTo(0)).body("lastSeq", equalTo((int) lastSeq + 3));
    }

    private void appendEntries(int count) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                ledger.append(LedgerType.CHILD_REGISTERED, UUID.randomUUID(), UUID.randomUUID(), Map.of());
            }
        });
    }

    private ValidatableResponse verification() {
        return given().auth().oauth2(officer).when().get("/v1/ledger/verification").then().statusCode(200);
    }

    /** The chain position of the child's last entry of that type (once linked). */
    private static long seqOf(UUID child, String type) {
        return Database.count("SELECT max(l.seq) FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id WHERE e.child_id = ? AND e.type = ?",
                child, type);
    }

    private static String detailsOf(long seq) throws SQLException {
        try (Connection connection = Database.asService();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT e.details FROM ledger_entry e JOIN ledger_link l ON l.entry_id = e.id WHERE l.seq = ?")) {
            statement.setLong(1, seq);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** The entry linked at {@code seq}: id, type, child_id, parent_id, details, occurred_at. */
    private static Object[] entryRowOf(long seq) throws SQLException {
        return rowOf("""
                SELECT e.id, e.type, e.child_id, e.parent_id, e.details, e.occurred_at
                  FROM ledger_entry e JOIN ledger_link l ON l.entry_id = e.id WHERE l.seq = ?""", 6, seq);
    }

    /** The link at {@code seq}: seq, entry_id, prev_hash, hash, horizon (as text). */
    private static Object[] linkRowOf(long seq) throws SQLException {
        return rowOf("SELECT seq, entry_id, prev_hash, hash, CAST(horizon AS text) FROM ledger_link WHERE seq = ?", 5, seq);
    }

    private static Object[] rowOf(String sql, int columns, long seq) throws SQLException {
        try (Connection connection = Database.asService();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, seq);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Object[] row = new Object[columns];
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

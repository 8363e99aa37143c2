package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.LedgerPrune;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * V14 (issue 21 item 3) on the previous release's ledger (V13): the chain the previous release wrote becomes the first
 * links with the same positions, previous hashes and hashes, each still the hash of its entry's content, so it verifies
 * and the signed heads still name it; entries added afterwards take ids after it, the service's role can only add and
 * read links, and the owner's prune removes entries with their links below a signed head.
 */
class LedgerLinkMigrationTest {

    private static final String GENESIS = "0".repeat(64);
    private static final Instant AT = Instant.parse("2023-01-02T03:04:05.123456Z");

    @Test
    void thePreviousReleasesChainBecomesTheLinksAndVerifies() throws SQLException {
        OwnedDatabase db = RealInfrastructure.shared().ownedDatabase("consent_ledger_link_migration");
        ServiceMigrations.asOwner(db, "13", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        List<String> hashes = new ArrayList<>();
        try (Connection service = db.runtime().connect(); PreparedStatement entry = service.prepareStatement("""
                INSERT INTO ledger_entry (seq, type, child_id, parent_id, details, occurred_at, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            String prev = GENESIS;
            for (long seq = 1; seq <= 3; seq++) {
                String type = seq == 1 ? "CHILD_REGISTERED" : "CONSENT_GRANTED";
                String details = seq == 1 ? "{}" : "{\"category\":\"CHAT\"}";
                Instant at = AT.plus(seq, ChronoUnit.MINUTES);
                String hash = previousReleasesHash(seq, type, child, parent, details, at, prev);
                entry.setLong(1, seq);
                entry.setString(2, type);
                entry.setObject(3, child);
                entry.setObject(4, parent);
                entry.setString(5, details);
                entry.setTimestamp(6, Timestamp.from(at));
                entry.setString(7, prev);
                entry.setString(8, hash);
                entry.executeUpdate();
                hashes.add(hash);
                prev = hash;
            }
        }

        ServiceMigrations.asOwner(db, "latest", "classpath:db/migration").migrate();

        try (Connection service = db.runtime().connect(); PreparedStatement chain = service.prepareStatement("""
                SELECT l.seq, l.entry_id, l.prev_hash, l.hash, e.type, e.child_id, e.parent_id, e.details, e.occurred_at
                  FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id ORDER BY l.seq""");
             ResultSet links = chain.executeQuery()) {
            String prev = GENESIS;
            for (long seq = 1; seq <= 3; seq++) {
                links.next();
                assertEquals(seq, links.getLong("seq"));
                assertEquals(seq, links.getLong("entry_id"));
                assertEquals(prev, links.getString("prev_hash"));
                assertEquals(hashes.get((int) seq - 1), links.getString("hash"), "the link keeps the entry's hash");
                String recomputed = previousReleasesHash(seq, links.getString("type"), links.getObject("child_id", UUID.class),
                        links.getObject("parent_id", UUID.class), links.getString("details"),
                        links.getTimestamp("occurred_at").toInstant(), links.getString("prev_hash"));
                assertEquals(links.getString("hash"), recomputed, "and it is still the hash of the entry's content");
                prev = links.getString("hash");
            }
        }

        try (Connection service = db.runtime().connect(); Statement statement = service.createStatement()) {
            statement.executeUpdate("INSERT INTO ledger_entry (type, details, occurred_at) VALUES ('CHILD_REGISTERED', '{}', now())");
            try (ResultSet added = statement.executeQuery("SELECT max(id) FROM ledger_entry")) {
                added.next();
                assertEquals(4, added.getLong(1), "a new entry takes the id after the previous release's chain");
            }
            assertEquals(1, db.runtime().count("""
                    SELECT count(*) FROM ledger_entry e WHERE e.written_by >= (SELECT horizon FROM ledger_link ORDER BY seq DESC LIMIT 1)
                       AND NOT EXISTS (SELECT 1 FROM ledger_link l WHERE l.entry_id = e.id)"""), "only the new entry waits for the chainer");
            for (String rewrite : new String[] {"UPDATE ledger_link SET hash = 'x'", "DELETE FROM ledger_link", "TRUNCATE ledger_link",
                    "UPDATE ledger_entry SET details = '{}'", "DROP TABLE ledger_link"}) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(rewrite), rewrite);
                assertEquals("42501", refused.getSQLState(), rewrite + ": " + refused.getMessage());
            }
        }

        try (Connection owner = db.owner().connect(); PreparedStatement head = owner.prepareStatement("""
                INSERT INTO ledger_head (seq, hash, signed_at, key_id, jws) VALUES (2, ?, ?, 'consent-service-1', 'not checked by the prune')""")) {
            head.setString(1, hashes.get(1));
            head.setTimestamp(2, Timestamp.from(AT));
            head.executeUpdate();
            LedgerPrune.Pruned pruned = new LedgerPrune(Period.ofYears(1), Clock.fixed(AT.plus(Period.ofDays(800)), ZoneOffset.UTC))
                    .prune(owner);
            assertEquals(2L, pruned.anchorSeq());
            assertEquals(1, pruned.entries());
        }
        assertEquals(2, db.runtime().count("SELECT min(seq) FROM ledger_link"), "the first link went with its entry");
        assertEquals(0, db.runtime().count("SELECT count(*) FROM ledger_entry WHERE id = 1"));
    }

    /** The hash the previous release wrote (Ledger.hashOf then): seq|type|childId|parentId|details|occurredAt µs|prevHash. */
    private static String previousReleasesHash(long seq, String type, UUID child, UUID parent, String details, Instant at, String prev) {
        return Hashing.sha256(String.join("|", Long.toString(seq), type, child.toString(), parent.toString(), details,
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at)), prev));
    }
}

package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running installation moves to the owner split of issue 18 item 3 (principle 8): a consent database migrated the
 * previous release's way, owned by the service's own role with ledger entries in it, is handed over to the owner role
 * (what {@code ./kidsafe up} does at its next start) and migrated as the owner; the ledger keeps every entry, the
 * service keeps its rows, and the service's role owns nothing and can no longer rewrite the ledger.
 */
class LedgerOwnerMigrationTest {

    private static final String NAME = "consent_owner_migration";

    @Test
    void aDatabaseOwnedByTheServiceRoleIsHandedToTheOwner() throws SQLException {
        ServiceDatabase previous = RealInfrastructure.shared().database(NAME);
        ServiceMigrations.asRuntimeRole(previous, "5", "classpath:db/migration").migrate();
        UUID child = UUID.randomUUID();
        try (Connection connection = previous.connect(); PreparedStatement entry = connection.prepareStatement("""
                INSERT INTO ledger_entry (seq, type, child_id, parent_id, details, occurred_at, prev_hash, hash)
                VALUES (1, 'CHILD_REGISTERED', ?, ?, '{}', ?, ?, ?)""")) {
            entry.setObject(1, child);
            entry.setObject(2, UUID.randomUUID());
            entry.setTimestamp(3, Timestamp.from(Instant.parse("2026-01-02T03:04:05Z")));
            entry.setString(4, "0".repeat(64));
            entry.setString(5, "a".repeat(64));
            entry.executeUpdate();
        }

        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase(NAME);
        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        assertEquals(0, owned.runtime().count("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user"""), "the service owns no table");
        assertEquals(0, owned.runtime().count("""
                SELECT count(*) FROM pg_database WHERE datname = current_database() AND pg_get_userbyid(datdba) = current_user"""));
        assertEquals(1, owned.runtime().count("SELECT count(*) FROM ledger_entry WHERE child_id = ?", child), "the ledger is kept");
        try (Connection service = owned.runtime().connect(); Statement statement = service.createStatement()) {
            statement.executeUpdate("UPDATE consent_record SET revoked_at = revoked_at");
            statement.executeUpdate("DELETE FROM outbox_event WHERE false");
            for (String rewrite : new String[] {"UPDATE ledger_entry SET details = '{}'", "DELETE FROM ledger_entry",
                    "ALTER TABLE ledger_entry DISABLE TRIGGER USER", "DROP TABLE consent_record",
                    "DELETE FROM flyway_schema_history", "CREATE TABLE planted (id int)"}) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(rewrite), rewrite);
                assertEquals("42501", refused.getSQLState(), rewrite + ": " + refused.getMessage());
            }
        }
        try (Connection owner = owned.owner().connect(); ResultSet rows = owner.createStatement().executeQuery(
                "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'flyway_schema_history'")) {
            assertTrue(rows.next());
            assertEquals(owned.owner().username(), rows.getString(1));
        }
    }
}

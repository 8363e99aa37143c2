package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.testsupport.BoundSql.execute;
import static org.kidsafe.testsupport.BoundSql.query;

/**
 * A running installation migrates to households (issue 19 item 4, V20) from the previous release's data (V19): every
 * child's one parent becomes its only guardian, since its registration, and the child's parent column goes.
 */
class HouseholdMigrationTest {

    private static final Instant REGISTERED = Instant.parse("2026-10-01T08:00:00Z");

    @Test
    void everyChildsParentBecomesItsGuardian() throws SQLException {
        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase("consent_household_migration");
        ServiceMigrations.asOwner(owned, "19", "classpath:db/migration").migrate();
        ServiceDatabase db = owned.runtime();
        UUID parent = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            execute(connection, "INSERT INTO child (id, parent_id, created_at) VALUES (?, ?, ?)", first, parent, REGISTERED);
            execute(connection, "INSERT INTO child (id, parent_id, created_at) VALUES (?, ?, ?)", second, parent, REGISTERED.plusSeconds(60));
        }

        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            try (ResultSet rows = query(connection, """
                    SELECT child_id, child_created_at, added_at FROM child_guardian WHERE parent_id = ? ORDER BY child_created_at""", parent)) {
                assertTrue(rows.next());
                assertEquals(first, rows.getObject("child_id"));
                assertEquals(Timestamp.from(REGISTERED), rows.getTimestamp("child_created_at"));
                assertEquals(Timestamp.from(REGISTERED), rows.getTimestamp("added_at"), "a guardian since the registration");
                assertTrue(rows.next());
                assertEquals(second, rows.getObject("child_id"));
                assertFalse(rows.next());
            }
            try (ResultSet column = query(connection,
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'child' AND column_name = 'parent_id'")) {
                assertTrue(column.next());
                assertEquals(0, column.getInt(1), "the guardian set has one home");
            }
        }
    }
}

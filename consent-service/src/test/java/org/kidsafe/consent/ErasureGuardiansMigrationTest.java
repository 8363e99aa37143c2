package org.kidsafe.consent;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kidsafe.testsupport.BoundSql.execute;
import static org.kidsafe.testsupport.BoundSql.query;

/**
 * A running installation migrates to erasures seen by the household (issue 19 item 4, V23) from the previous release's
 * data (V22): each erasure is seen by the guardian who started it and by every guardian of a child still registered who
 * was added before it started; a guardian added later is not given it, and a deleted child's erasure stays its starter's.
 */
class ErasureGuardiansMigrationTest {

    private static final Instant REGISTERED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant SHARED = Instant.parse("2026-11-02T08:00:00Z");
    private static final Instant WITHDRAWN = Instant.parse("2026-11-03T08:00:00Z");
    private static final Instant ADDED_LATER = Instant.parse("2026-11-04T08:00:00Z");

    @Test
    void eachErasureIsSeenByTheGuardiansTheChildHadWhenItStarted() throws SQLException {
        OwnedDatabase owned = RealInfrastructure.shared().ownedDatabase("consent_erasure_guardians");
        ServiceMigrations.asOwner(owned, "22", "classpath:db/migration").migrate();
        ServiceDatabase db = owned.runtime();
        UUID child = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        UUID withdrawal = UUID.randomUUID();
        UUID deletion = UUID.randomUUID();
        try (Connection connection = db.connect()) {
            execute(connection, "INSERT INTO child (id, created_at) VALUES (?, ?)", child, REGISTERED);
            guardian(connection, child, first, REGISTERED);
            guardian(connection, child, second, SHARED);
            guardian(connection, child, later, ADDED_LATER);
            erasure(connection, withdrawal, child, second, "PHOTOS");
            erasure(connection, deletion, UUID.randomUUID(), first, "PHOTOS,CHAT");
        }

        // This release, migrated as the owner.
        ServiceMigrations.asOwner(owned, "latest", "classpath:db/migration").migrate();

        try (Connection connection = db.connect()) {
            assertEquals(Set.of(first, second), seenBy(connection, withdrawal), "its starter and the guardians the child had then");
            assertEquals(Set.of(first), seenBy(connection, deletion), "a deleted child's other guardians are not recorded");
            try (ResultSet row = query(connection, "SELECT requested_at FROM erasure_guardian WHERE erasure_id = ? AND parent_id = ?",
                    withdrawal, first)) {
                row.next();
                assertEquals(WITHDRAWN, row.getTimestamp(1).toInstant(), "the erasure's start, for paging");
            }
        }
    }

    private static void guardian(Connection connection, UUID child, UUID parent, Instant addedAt) throws SQLException {
        execute(connection, "INSERT INTO child_guardian (child_id, parent_id, child_created_at, added_at) VALUES (?, ?, ?, ?)",
                child, parent, REGISTERED, addedAt);
    }

    private static void erasure(Connection connection, UUID id, UUID child, UUID parent, String categories) throws SQLException {
        execute(connection, """
                INSERT INTO erasure_request (id, child_id, parent_id, categories, status, requested_at, last_asked_at, times_asked,
                                             own_erased, own_completed_at, version)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?, 1, '{}', ?, 0)""", id, child, parent, categories, WITHDRAWN, WITHDRAWN, WITHDRAWN);
    }

    private static Set<UUID> seenBy(Connection connection, UUID erasure) throws SQLException {
        Set<UUID> parents = new HashSet<>();
        try (ResultSet rows = query(connection, "SELECT parent_id FROM erasure_guardian WHERE erasure_id = ?", erasure)) {
            while (rows.next()) {
                parents.add(rows.getObject(1, UUID.class));
            }
        }
        return parents;
    }
}

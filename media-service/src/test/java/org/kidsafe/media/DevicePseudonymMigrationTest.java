package org.kidsafe.media;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An installation of the previous release migrates to device pseudonyms (issue 16): the paired-device projection
 * held raw device ids, which media-service cannot turn into pseudonyms, so V3 drops them (profile-service
 * re-announces every active pairing as ToyPaired v2) and from then on refuses to store anything that is not
 * pseudonym-shaped.
 */
class DevicePseudonymMigrationTest {

    @Test
    void rawDeviceIdsOfThePreviousReleaseAreDroppedAndNoneCanBeStoredAgain() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("media_pseudonym_migration");
        flyway(db, "2").migrate();
        UUID child = UUID.randomUUID();
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO paired_device (device_id, child_id, paired, changed_at) VALUES (?, ?, ?, ?)")) {
            for (String device : new String[] {"toy-livingroom-7", "toy-bedroom-2"}) {
                insert.setString(1, device);
                insert.setObject(2, child);
                insert.setBoolean(3, true);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }

        flyway(db, "latest").migrate();

        assertEquals(0, db.count("SELECT count(*) FROM paired_device WHERE child_id = ?", child));
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO paired_device (device_pseudonym, child_id, paired, changed_at) VALUES (?, ?, true, now())")) {
            insert.setString(1, "toy-livingroom-7");
            insert.setObject(2, child);
            assertThrows(SQLException.class, insert::executeUpdate, "a raw device id does not fit a pseudonym");
            insert.setString(1, "UDecl-hNs1cxZ-nbX0tqaZ2h3P7tiZhop0TNEZbtNn8");
            assertEquals(1, insert.executeUpdate());
        }
    }

    private static Flyway flyway(ServiceDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }
}

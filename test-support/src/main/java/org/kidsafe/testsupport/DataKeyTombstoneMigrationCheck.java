package org.kidsafe.testsupport;

import org.flywaydb.core.Flyway;
import org.kidsafe.embedded.ServiceDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one check that a service's {@code data_key} table gains tombstones (issue 18 item 6) without touching the keys of
 * the previous release: profile-service and media-service migrate the same shape, so the check lives here once, next to
 * {@link DataKeyMigrationCheck}.
 * <p>
 * It migrates a fresh database to the previous release's version, stores a key the way that release stored it, migrates
 * to the latest version and asserts: the key is still live with the same bytes, generation and KEK id; a row is either a
 * live key or a whole tombstone (a destroyed key that kept its wrapped bytes is refused by the database).
 *
 * @param database      the name of the throw-away database in {@link RealInfrastructure}
 * @param migrations    the service's Flyway location, e.g. {@code classpath:db/migration}
 * @param versionBefore the previous release's last migration version
 */
public record DataKeyTombstoneMigrationCheck(String database, String migrations, String versionBefore) {

    public void keysStayLiveAndOnlyWholeTombstonesAreStored() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database(database);
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations(migrations).target(versionBefore).load().migrate();
        UUID subject = UUID.randomUUID();
        UUID generation = UUID.randomUUID();
        byte[] wrapped = new byte[60];
        wrapped[0] = 42;
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO data_key (subject_id, generation, kek_id, wrapped_key, created_at) VALUES (?, ?, 'kek-1', ?, ?)")) {
            insert.setObject(1, subject);
            insert.setObject(2, generation);
            insert.setBytes(3, wrapped);
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }

        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations(migrations).load().migrate();

        try (Connection connection = db.connect()) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT generation, kek_id, wrapped_key, destroyed_at FROM data_key WHERE subject_id = ?")) {
                query.setObject(1, subject);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals(generation, row.getObject(1, UUID.class));
                    assertEquals("kek-1", row.getString(2));
                    assertArrayEquals(wrapped, row.getBytes(3));
                    assertNull(row.getTimestamp(4), "an existing key stays live");
                }
            }
            try (PreparedStatement halfDestroyed = connection.prepareStatement("UPDATE data_key SET destroyed_at = ? WHERE subject_id = ?")) {
                halfDestroyed.setTimestamp(1, Timestamp.from(Instant.now()));
                halfDestroyed.setObject(2, subject);
                assertThrows(SQLException.class, halfDestroyed::executeUpdate, "a tombstone that kept the wrapped key is refused");
            }
        }
    }
}

package org.kidsafe.media;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.media.crypto.MediaDataKeys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running installation migrates: data keys stored in V1's child_data_key are, after V2, the same wrapped
 * bytes in data_key, and still open with media-service's purpose and the child's id.
 */
class DataKeyMigrationTest {

    @Test
    void keysStoredBeforeTheSharedTableStillUnwrapAfterTheMigration() throws SQLException {
        ServiceDatabase database = RealInfrastructure.shared().database("media_migration");
        flyway(database, "1").migrate();

        SecretKey kek = AesGcm.newKey();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        byte[] firstKey = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] firstWrapped = AesGcm.seal(kek, firstKey, ("kidsafe-media-data-key:" + first).getBytes(StandardCharsets.US_ASCII));
        try (Connection db = database.connect();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO child_data_key (child_id, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)")) {
            for (UUID child : new UUID[] {first, second}) {
                insert.setObject(1, child);
                insert.setString(2, "kek-1");
                insert.setBytes(3, child == first ? firstWrapped : AesGcm.randomBytes(60));
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }

        flyway(database, "latest").migrate();

        Set<UUID> generations = new HashSet<>();
        try (Connection db = database.connect();
             PreparedStatement query = db.prepareStatement("SELECT subject_id, generation, kek_id, wrapped_key FROM data_key ORDER BY subject_id")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID subject = rows.getObject(1, UUID.class);
                    assertNotNull(rows.getObject(2, UUID.class));
                    generations.add(rows.getObject(2, UUID.class));
                    assertEquals("kek-1", rows.getString(3));
                    if (subject.equals(first)) {
                        byte[] wrapped = rows.getBytes(4);
                        assertArrayEquals(firstWrapped, wrapped);
                        byte[] boundTo = (MediaDataKeys.PURPOSE.label() + subject).getBytes(StandardCharsets.UTF_8);
                        assertArrayEquals(firstKey, AesGcm.open(kek, wrapped, boundTo), "the key opens as the shared component opens it");
                    }
                }
            }
        }
        assertEquals(2, generations.size(), "each existing key gets its own generation");
        try (Connection db = database.connect();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE table_name = 'child_data_key'")) {
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals(0, row.getLong(1), "the old table is gone, not copied");
            }
        }
    }

    private static Flyway flyway(ServiceDatabase database, String target) {
        return Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}

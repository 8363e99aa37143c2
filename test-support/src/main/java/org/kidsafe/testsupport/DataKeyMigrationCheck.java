package org.kidsafe.testsupport;

import org.flywaydb.core.Flyway;
import org.kidsafe.crypto.datakey.DataKeyPurpose;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.embedded.ServiceDatabase;

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
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one check that a service's move from its own data-key table to kidsafe-crypto's shared {@code data_key} table
 * loses no key: profile-service and media-service each migrated their own table, and both must show the same thing,
 * so the check lives here once and each service's {@code DataKeyMigrationTest} names only what is its own.
 * <p>
 * It migrates a fresh database to the last version before the shared table, stores two keys in the old table (one
 * wrapped with a real KEK and the old wrap context, one random), migrates to the latest version and asserts: the same
 * wrapped bytes and KEK id are in {@code data_key}, each key has its own generation, the real key opens as the shared
 * component opens it (the service's {@link DataKeyPurpose} and the subject id), and the old table is gone.
 * <p>
 * The old table's insert is passed as a literal statement rather than built from the table name (no SQL built from
 * strings); the table name only goes into a query parameter.
 *
 * @param database       the name of the throw-away database in {@link RealInfrastructure}
 * @param migrations     the service's Flyway location, e.g. {@code classpath:db/migration}
 * @param versionBefore  the last migration version with the service's own table
 * @param legacy         the service's old table
 * @param purpose        the purpose the service's data keys are opened with now
 */
public record DataKeyMigrationCheck(String database, String migrations, String versionBefore, LegacyTable legacy,
                                    DataKeyPurpose purpose) {

    /**
     * A service's data-key table before the shared one.
     *
     * @param name        the table name, which must be gone after the migration
     * @param insert      the literal insert of {@code (child_id, kek_id, wrapped_key, created_at)}, four parameters
     * @param wrapContext the associated data the service wrapped a child's key with, written as the old code wrote it
     */
    public record LegacyTable(String name, String insert, Function<UUID, byte[]> wrapContext) {
    }

    /** Runs the migration on keys stored the old way and asserts they arrive unchanged and still open. */
    public void keysStillUnwrapAfterTheMigration() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database(database);
        flyway(db, versionBefore).migrate();

        SecretKey kek = AesGcm.newKey();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        byte[] firstKey = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] firstWrapped = AesGcm.seal(kek, firstKey, legacy.wrapContext().apply(first));
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement(legacy.insert())) {
            for (UUID child : new UUID[] {first, second}) {
                insert.setObject(1, child);
                insert.setString(2, "kek-1");
                insert.setBytes(3, child == first ? firstWrapped : AesGcm.randomBytes(60));
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }

        flyway(db, "latest").migrate();

        Set<UUID> generations = new HashSet<>();
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("SELECT subject_id, generation, kek_id, wrapped_key FROM data_key ORDER BY subject_id")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID subject = rows.getObject(1, UUID.class);
                    assertNotNull(rows.getObject(2, UUID.class));
                    generations.add(rows.getObject(2, UUID.class));
                    assertEquals("kek-1", rows.getString(3));
                    if (subject.equals(first)) {
                        byte[] wrapped = rows.getBytes(4);
                        assertArrayEquals(firstWrapped, wrapped);
                        byte[] boundTo = (purpose.label() + subject).getBytes(StandardCharsets.UTF_8);
                        assertArrayEquals(firstKey, AesGcm.open(kek, wrapped, boundTo), "the key opens as the shared component opens it");
                    }
                }
            }
        }
        assertEquals(2, generations.size(), "each existing key gets its own generation");
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            query.setString(1, legacy.name());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals(0, row.getLong(1), "the old table is gone, not copied");
            }
        }
    }

    private Flyway flyway(ServiceDatabase db, String target) {
        return Flyway.configure()
                .dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations(migrations)
                .target(target)
                .load();
    }
}

package org.kidsafe.embedded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's role reaches its own database and nothing else: a breach of one is not a breach of all.
 * The server is this test's own, not the shared test fixture's, which lives in a module built on this one.
 */
class DatabaseIsolationTest {

    @TempDir
    static Path work;
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start(work.resolve("postgres"), FreePorts.find(), work.resolve("postgres.log"));
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aServiceRoleConnectsToItsOwnDatabase() throws SQLException {
        ServiceDatabase profile = postgres.provision("profile", "profile_service");
        try (Connection connection = profile.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rows.next());
            assertEquals("profile_service", rows.getString(1));
            assertEquals("profile", rows.getString(2));
        }
    }

    @Test
    void theMediaRoleIsRefusedByTheProfileDatabase() {
        ServiceDatabase profile = postgres.provision("profile", "profile_service");
        ServiceDatabase media = postgres.provision("media", "media_service");
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(profile.jdbcUrl(), media.username(), media.password()).close());
        assertEquals("42501", refused.getSQLState(), "insufficient_privilege: " + refused.getMessage());
    }

    @Test
    void aWrongPasswordIsRefused() {
        ServiceDatabase consent = postgres.provision("consent", "consent_service");
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(consent.jdbcUrl(), consent.username(), "not-the-password").close());
        assertEquals("28P01", refused.getSQLState(), "invalid_password: " + refused.getMessage());
    }

    @Test
    void provisioningTwiceKeepsTheDatabaseAndRotatesThePassword() throws SQLException {
        ServiceDatabase first = postgres.provision("rotation", "rotation_service");
        ServiceDatabase second = postgres.provision("rotation", "rotation_service");
        try (Connection connection = second.connect()) {
            assertTrue(connection.isValid(2));
        }
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password()).close());
    }
}

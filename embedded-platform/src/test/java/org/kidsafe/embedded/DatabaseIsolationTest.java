package org.kidsafe.embedded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.embedded.keycloak.KeycloakDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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
        postgres = PostgresServer.start(work.resolve("postgres"), FreePorts.find(), work.resolve("postgres.log"),
                LocalCertificateAuthority.in(work.resolve("tls")));
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

    /** Issue 21 item 4: Keycloak's store is a database of its own, as production gives it; a service breach is not an identity breach. */
    @Test
    void keycloakAndTheServicesAreRefusedByEachOthersDatabases() throws SQLException {
        ServiceDatabase keycloak = KeycloakDatabase.provision(postgres, PostgresServer.randomPassword());
        try (Connection connection = keycloak.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rows.next());
            assertEquals(KeycloakDatabase.ROLE, rows.getString(1));
            assertEquals(KeycloakDatabase.DATABASE, rows.getString(2));
        }
        for (ServiceDatabase service : List.of(postgres.provision("consent", "consent_service"),
                postgres.provision("profile", "profile_service"), postgres.provision("media", "media_service"))) {
            SQLException serviceRefused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(keycloak.jdbcUrl(), service.username(), service.password()).close());
            assertEquals("42501", serviceRefused.getSQLState(), service.username() + ": " + serviceRefused.getMessage());
            SQLException keycloakRefused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(service.jdbcUrl(), keycloak.username(), keycloak.password()).close());
            assertEquals("42501", keycloakRefused.getSQLState(), service.database() + ": " + keycloakRefused.getMessage());
        }
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

package org.kidsafe.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL serves verified TLS only (issue 17 item 4): a data folder the previous, plaintext release made (no CA, a
 * {@code pg_hba} with {@code host} lines, no {@code ssl}) comes up with TLS at its next start, data kept (principle 8);
 * a client that insists on plaintext is refused by {@code pg_hba}, even with the right password; a client that trusts
 * another CA refuses the server's certificate ({@code verify-full}). One server for all of it, this test's own.
 */
class PostgresTlsTest {

    /** The previous release's pg_hba.conf, as its PostgresServer wrote it: plaintext TCP with passwords. */
    private static final String PREVIOUS_RELEASE_PG_HBA = """
            local all postgres trust
            host  all postgres 127.0.0.1/32 trust
            host  all postgres ::1/128      trust
            host  all all      127.0.0.1/32 scram-sha-256
            host  all all      ::1/128      scram-sha-256
            """;

    @TempDir
    static Path work;
    private static int port;
    private static PostgresServer postgres;

    @BeforeAll
    static void upgradeAPreviousReleasesDataFolder() throws Exception {
        port = FreePorts.find();
        Path data = work.resolve("postgres");
        try (EmbeddedPostgres previous = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setPort(port).setServerConfig("password_encryption", "scram-sha-256")
                .setDataDirectoryCustomizer(dir -> write(dir.toPath().resolve("pg_hba.conf"), PREVIOUS_RELEASE_PG_HBA)).start();
             Connection connection = previous.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text)");
            statement.execute("INSERT INTO kept VALUES ('written by the previous release')");
        }
        assertFalse(Files.exists(work.resolve("tls")), "the previous release had no CA");
        postgres = PostgresServer.start(data, port, work.resolve("postgres.log"), LocalCertificateAuthority.in(work.resolve("tls")));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void thePreviousReleasesDataIsServedOverVerifiedTls() throws SQLException {
        assertTrue(postgres.jdbcUrl("postgres").contains("sslmode=verify-full"), postgres.jdbcUrl("postgres"));
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT note FROM kept), ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(rows.next());
            assertEquals("written by the previous release", rows.getString(1));
            assertTrue(rows.getBoolean(2), "the session is encrypted");
            assertEquals("TLSv1.3", rows.getString(3));
        }
    }

    @Test
    void aClientThatInsistsOnPlaintextIsRefusedEvenWithTheRightPassword() {
        ServiceDatabase profile = postgres.provision("profile", "profile_service");
        String plaintext = "jdbc:postgresql://127.0.0.1:" + port + "/profile?sslmode=disable";
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(plaintext, profile.username(), profile.password()).close());
        assertEquals("28000", refused.getSQLState(), "no pg_hba.conf entry: " + refused.getMessage());
        SQLException superuser = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", "postgres", "").close());
        assertEquals("28000", superuser.getSQLState(), superuser.getMessage());
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheServer() {
        ServiceDatabase profile = postgres.provision("profile", "profile_service");
        Path anotherCa = LocalCertificateAuthority.in(work.resolve("another-ca")).certificateFile();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/profile?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(anotherCa.toString(), StandardCharsets.UTF_8);
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, profile.username(), profile.password()).close());
        assertInstanceOf(SSLException.class, refused.getCause(), () -> "a failed TLS handshake: " + refused);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

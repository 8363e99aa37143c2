package org.kidsafe.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Real PostgreSQL from the binaries zonky ships in Maven artifacts: no Docker, no system install.
 * <p>
 * Only the bootstrap superuser may log in without a password, and only over loopback; every
 * service role authenticates with SCRAM-SHA-256 and may connect to its own database only.
 * <p>
 * TCP connections are TLS only (issue 17 item 4): the server presents a certificate of the installation's
 * {@link LocalCertificateAuthority}, {@code pg_hba} has {@code hostssl} lines only, so a plaintext connection finds no
 * entry and is refused, and every URL this class gives ({@link #jdbcUrl}, its own admin connections) verifies the
 * server against that CA and the host name ({@code sslmode=verify-full}). The settings and {@code pg_hba} are written
 * at every start, so a data directory of an earlier, plaintext release serves TLS from its next start on (principle 8).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final String PG_HBA = """
            # Written by KidSafe's PostgresServer: superuser over loopback for provisioning only,
            # every service role with a password, nothing from other hosts.
            local all postgres trust
            # TCP only with TLS: no "host" line, so a plaintext connection matches nothing and is refused.
            hostssl all postgres 127.0.0.1/32 trust
            hostssl all postgres ::1/128      trust
            hostssl all all      127.0.0.1/32 scram-sha-256
            hostssl all all      ::1/128      scram-sha-256
            """;

    private final Path dataDirectory;
    private final int port;
    private final Path logFile;
    private final LocalCertificateAuthority authority;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, int port, Path logFile, LocalCertificateAuthority authority) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.logFile = logFile;
        this.authority = authority;
    }

    /**
     * Starts PostgreSQL on the given port with its data in {@code dataDirectory}; an existing data
     * directory is reused, so data survives a restart. It serves TLS with a certificate {@code authority} issues.
     */
    public static PostgresServer start(Path dataDirectory, int port, Path logFile, LocalCertificateAuthority authority) {
        PostgresServer server = new PostgresServer(dataDirectory, port, logFile, authority);
        server.start();
        return server;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data, as after an outage. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            LocalCertificateAuthority.ServerCertificate certificate = authority.serverCertificate("postgres");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Whoever started it stops it, services first: its own hook would pull the database from under them.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", certificate.certificateChain().toAbsolutePath().toString())
                    .setServerConfig("ssl_key_file", certificate.privateKey().toAbsolutePath().toString())
                    .setServerConfig("ssl_min_protocol_version", "TLSv1.3")
                    // zonky's own connections (its readiness check, this class's admin work) verify the server too.
                    .setConnectConfig("sslmode", "verify-full")
                    .setConnectConfig("sslrootcert", authority.certificateFile().toAbsolutePath().toString())
                    .setDataDirectoryCustomizer(dir -> writePgHba(dir.toPath()))
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
    }

    private static void writePgHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The CA certificate clients verify this server against ({@code sslrootcert}). */
    public Path caCertificate() {
        return authority.certificateFile();
    }

    /** A database's URL on loopback, over TLS with the server verified against the installation's CA. */
    public String jdbcUrl(String database) {
        return jdbcUrl(port, database, authority.certificateFile());
    }

    /**
     * The URL of a database of a local PostgreSQL on {@code port}, for a process that did not start it
     * ({@code ./kidsafe rotate}, {@code ./kidsafe ledger}): TLS, verified against {@code caCertificate}.
     */
    public static String jdbcUrl(int port, String database, Path caCertificate) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(caCertificate.toAbsolutePath().toString(), StandardCharsets.UTF_8);
    }

    /** Creates a database and its own role, with a fresh random password. */
    public ServiceDatabase provision(String database, String username) {
        return provision(database, username, randomPassword());
    }

    /**
     * Creates (or updates) a service's database and login role. Idempotent: an existing role gets
     * the given password, an existing database is kept with its data. Nobody but the owner role
     * may connect to the database.
     */
    public ServiceDatabase provision(String database, String username, String password) {
        requireSafeName(database);
        requireSafeName(username);
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", username)) {
                executeQuoted(admin, "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', ?)", username);
            }
            admin.unwrap(PGConnection.class).alterUserPassword(username, password.toCharArray(), "scram-sha-256");
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                executeQuoted(admin, "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", database, username);
            }
            executeQuoted(admin, "SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', ?)", database);
            executeQuoted(admin, "SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO %I', ?, ?)", database, username);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not provision database " + database, e);
        }
        return new ServiceDatabase(database, username, password, jdbcUrl(database));
    }

    /**
     * Creates (or brings up to date) a service database owned by a role the service does not hold (issue 18 item 3).
     * Idempotent: both roles get the given passwords; the owner owns the database (and so its {@code public} schema);
     * the runtime role may connect and use temporary tables but create nothing. A database of the previous release, in
     * which the runtime role owned the database and every table (its migrations ran as that role), is moved to the
     * owner here, as the superuser ({@code REASSIGN OWNED}): the owner's next migration then grants the runtime role
     * what it needs, and nothing else. The same statements for a cluster are in deploy/README.md.
     */
    public OwnedDatabase provisionOwned(String database, String ownerRole, String ownerPassword, String runtimeRole,
                                        String runtimePassword) {
        requireSafeName(database);
        requireSafeName(ownerRole);
        requireSafeName(runtimeRole);
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            for (String role : new String[] {ownerRole, runtimeRole}) {
                if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                    executeQuoted(admin, "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', ?)", role);
                }
            }
            admin.unwrap(PGConnection.class).alterUserPassword(ownerRole, ownerPassword.toCharArray(), "scram-sha-256");
            admin.unwrap(PGConnection.class).alterUserPassword(runtimeRole, runtimePassword.toCharArray(), "scram-sha-256");
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                executeQuoted(admin, "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", database, ownerRole);
            }
            // First the hand-over: a change of owner rewrites the database's grants, the old owner's with it.
            takeOverFromRuntime(database, ownerRole, runtimeRole);
            executeQuoted(admin, "SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', ?)", database);
            executeQuoted(admin, "SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO %I', ?, ?)", database, ownerRole);
            executeQuoted(admin, "SELECT format('REVOKE CREATE ON DATABASE %I FROM %I', ?, ?)", database, runtimeRole);
            executeQuoted(admin, "SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', ?, ?)", database, runtimeRole);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not provision database " + database, e);
        }
        return new OwnedDatabase(new ServiceDatabase(database, ownerRole, ownerPassword, jdbcUrl(database)),
                new ServiceDatabase(database, runtimeRole, runtimePassword, jdbcUrl(database)));
    }

    /**
     * The previous release's shape: the runtime role owns the database or objects in it. Everything it owns there
     * (tables, sequences, functions, Flyway's history, the database itself) goes to the owner, so it keeps no power
     * beyond the grants the owner's migrations give it.
     */
    private void takeOverFromRuntime(String database, String ownerRole, String runtimeRole) {
        try (Connection admin = postgres.getDatabase("postgres", database).getConnection()) {
            boolean ownsSomething = exists(admin, """
                    SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ?
                    UNION ALL SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
                     WHERE r.rolname = ? AND d.datname = current_database()""", runtimeRole, runtimeRole);
            if (ownsSomething) {
                executeQuoted(admin, "SELECT format('REASSIGN OWNED BY %I TO %I', ?, ?)", runtimeRole, ownerRole);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not move " + database + " to its owner role", e);
        }
    }

    /** Drops a database and everything in it, if it exists; nobody may be connected to it. */
    public void drop(String database) {
        requireSafeName(database);
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            executeQuoted(admin, "SELECT format('DROP DATABASE IF EXISTS %I', ?)", database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + database, e);
        }
    }

    private static boolean exists(Connection connection, String query, String... names) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < names.length; i++) {
                statement.setString(i + 1, names[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * DDL takes no bind parameters, so PostgreSQL itself quotes the identifiers ({@code %I}) from
     * bound values, and only the statement it produced is run.
     */
    private static void executeQuoted(Connection connection, String formatQuery, String... identifiers) throws SQLException {
        String ddl;
        try (PreparedStatement format = connection.prepareStatement(formatQuery)) {
            for (int i = 0; i < identifiers.length; i++) {
                format.setString(i + 1, identifiers[i]);
            }
            try (ResultSet rows = format.executeQuery()) {
                rows.next();
                ddl = rows.getString(1);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(ddl)) {
            statement.execute();
        }
    }

    private static void requireSafeName(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case PostgreSQL name: " + name);
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Stops the server (fast shutdown: open sessions are cut, as in an outage); its data directory stays. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = null;
    }

    @Override
    public void close() {
        stop();
    }
}

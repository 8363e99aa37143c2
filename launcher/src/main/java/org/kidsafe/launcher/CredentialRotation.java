package org.kidsafe.launcher;

import org.kidsafe.crypto.datakey.KekUsage;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.Pause;
import org.postgresql.PGConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rotates one credential of one service of the local platform (issue 16 item 5), whether the platform runs or not: the
 * new secret is set where it is checked (PostgreSQL, the Kafka broker, Keycloak) and then written, atomically, to the
 * file the service reads it from at each use (service-commons' SecretFiles, event-backbone's PasswordFileScramLogin),
 * so the running service carries on without a restart. When the server is not running only the file changes, and the
 * next start sets it there (the platform sets every password and client secret from the keys at each start). What a
 * stolen copy is still good for afterwards is in docs/attacks.md, "Rotation after a breach".
 */
final class CredentialRotation {

    /**
     * How long after a password change a service's pool holds only connections opened with the new password: the
     * services' {@code quarkus.datasource.jdbc.max-lifetime} (30 s, event-backbone's defaults; Agroal replaces each
     * connection gracefully when it is reached) and a margin. Only sessions older than the change and still open after
     * this are ended: none of them is the service's.
     */
    static final Duration POOL_RENEWED_WITHIN = Duration.ofSeconds(40);

    /**
     * How long after a KEK rotation the previous version may be destroyed: the services read their ring again every
     * 5 s ({@code kidsafe.kek.reload-every}), so after this no instance still wraps with it, and no transaction that did
     * is still uncommitted.
     */
    static final Duration KEK_PROMOTION_SETTLES = Duration.ofMinutes(1);

    private final Keys keys;
    private final Ports ports;

    CredentialRotation(Keys keys, Ports ports) {
        this.keys = keys;
        this.ports = ports;
    }

    /** Rotates the credential, which the service must hold ({@link Credential#heldBy}); says what was done. */
    String rotate(Credential credential, String service) {
        if (!credential.heldBy(service)) {
            throw new IllegalArgumentException(service + " holds no " + credential.option().substring(2) + " credential");
        }
        return switch (credential) {
            case DATABASE_PASSWORD -> databasePassword(service);
            case KAFKA -> kafkaPassword(service);
            case KEYCLOAK -> keycloakSecret(service);
            case SIGNING_KEY -> service + ": new signing key " + keys.rotateSigningKey(service) + "; the old one is retired (its"
                    + " public key still verifies and is published). The running service signs with the new key within 5 s.";
            case KEK -> keyEncryptionKey(service);
        };
    }

    /**
     * A new KEK version in the service's ring, promoted at once (every instance of the local platform reads the same
     * ring, and one that meets a key wrapped by a version it has not read yet reads the ring again). Older versions that
     * no live key uses any more are destroyed first ({@link #retireKeys}), so a rotation also ends the previous one.
     */
    private String keyEncryptionKey(String service) {
        String retirement = retireKeys(service);
        String id = KekDirectory.rotate(keys.keyEncryptionKeys(service));
        return service + ": new KEK " + id + "; the running service wraps with it within 5 s (it reads its KEK ring again) and its"
                + " re-wrap job moves every data key to it within a minute, while older KEKs stay readable. " + retirement
                + " Destroy the old one once its keys are moved: ./kidsafe rotate " + service + " --retire-keks (or at the next --kek).";
    }

    /**
     * {@code ./kidsafe rotate <service> --retire-keks}: destroys every KEK version of the service's ring that is not
     * current, wraps no live data key (asked of the service's database, kidsafe-crypto's {@link KekUsage}) and was
     * replaced at least {@link #KEK_PROMOTION_SETTLES} ago. With PostgreSQL down nothing can be asked, so nothing is
     * destroyed.
     */
    String retireKeys(String service) {
        if (!Credential.KEK.heldBy(service)) {
            throw new IllegalArgumentException(service + " holds no KEK");
        }
        Path ring = keys.keyEncryptionKeys(service);
        if (!Ports.listening(ports.postgres())) {
            return "PostgreSQL is not running, so whether a data key still uses an older KEK cannot be asked: none was retired.";
        }
        try (Connection database = DriverManager.getConnection(
                PostgresServer.jdbcUrl(ports.postgres(), Platform.databaseOf(service), keys.caCertificate()), "postgres", "")) {
            Instant now = Instant.now();
            Set<String> inUse = KekUsage.inUse(database);
            Set<String> retirable = KekDirectory.retirable(ring, inUse, KEK_PROMOTION_SETTLES, now);
            for (String id : retirable) {
                KekDirectory.retire(ring, id, inUse, KEK_PROMOTION_SETTLES, now);
            }
            Set<String> kept = new TreeSet<>(KekDirectory.ids(ring));
            kept.remove(KekDirectory.currentId(ring));
            return (retirable.isEmpty() ? "No KEK was retired." : "Retired and destroyed: " + retirable + ".")
                    + (kept.isEmpty() ? "" : " Still kept, as data keys use them or the rotation is under "
                    + KEK_PROMOTION_SETTLES.toSeconds() + " s old: " + kept + ".");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask " + Platform.databaseOf(service) + " which KEKs its data keys use", e);
        }
    }

    /**
     * Changes the role's password (PgJDBC's {@code alterUserPassword}: the password is hashed client-side, no SQL is
     * built from it) and writes it for the service; waits {@link #POOL_RENEWED_WITHIN}, in which the service's pool
     * replaces every connection with one opened with the new password; then ends the role's sessions that began before
     * the change, a thief's included. Ending every session at once would also cut a request of the service's that is
     * using its connection at that moment (measured: one 503 in {@code CredentialRotationIT}).
     */
    private String databasePassword(String service) {
        String database = Platform.databaseOf(service);
        String role = Platform.roleOf(service);
        String password = Keys.newSecret();
        if (!Ports.listening(ports.postgres())) {
            keys.replaceSecret(Platform.databasePasswordName(service), password);
            return service + ": PostgreSQL is not running; the new database password is in the data folder and the next start sets it.";
        }
        try (Connection admin = DriverManager.getConnection(
                PostgresServer.jdbcUrl(ports.postgres(), "postgres", keys.caCertificate()), "postgres", "")) {
            OffsetDateTime changed = databaseTime(admin);
            admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
            keys.replaceSecret(Platform.databasePasswordName(service), password);
            Pause.of(POOL_RENEWED_WITHIN);
            long ended = endSessionsBefore(admin, role, changed);
            return service + ": new password for the database role " + role + " (database " + database + "); logins with the old one"
                    + " are refused, the running service's pool has renewed its connections with the new one, and the " + ended
                    + " session(s) opened before the change were ended.";
        } catch (SQLException e) {
            throw new IllegalStateException("Could not change the password of " + role, e);
        }
    }

    private static OffsetDateTime databaseTime(Connection admin) throws SQLException {
        try (PreparedStatement now = admin.prepareStatement("SELECT clock_timestamp()"); ResultSet rows = now.executeQuery()) {
            rows.next();
            return rows.getObject(1, OffsetDateTime.class);
        }
    }

    private static long endSessionsBefore(Connection admin, String role, OffsetDateTime changed) throws SQLException {
        try (PreparedStatement end = admin.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE usename = ? AND backend_start < ?")) {
            end.setString(1, role);
            end.setObject(2, changed);
            try (ResultSet rows = end.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private String kafkaPassword(String service) {
        String password = Keys.newSecret();
        if (Ports.listening(ports.kafka())) {
            KafkaBroker.changePassword(LocalKafka.adminConfig("127.0.0.1:" + ports.kafka(), keys), new KafkaCredentials(service, password));
            keys.replaceSecret(LocalKafka.passwordName(service), password);
            return service + ": new Kafka password for the principal " + service + "; new logins with the old one are refused, and every"
                    + " open session must log in again within " + KafkaBroker.REAUTHENTICATE_WITHIN.toSeconds() + " s. The running"
                    + " service uses the new one at its next (re-)authentication.";
        }
        keys.replaceSecret(LocalKafka.passwordName(service), password);
        return service + ": Kafka is not running; the new password is in the data folder and the next start sets it.";
    }

    private String keycloakSecret(String service) {
        String client = Credential.keycloakClient(service);
        String secret = Keys.newSecret();
        if (Ports.listening(ports.keycloak())) {
            new KeycloakClientSecrets("http://127.0.0.1:" + ports.keycloak(), Platform.KEYCLOAK_ADMIN, keys.secret(Platform.KEYCLOAK_ADMIN_PASSWORD))
                    .setClientSecret(client, secret);
            keys.replaceSecret(Platform.keycloakSecretName(service), secret);
            return service + ": new secret for the Keycloak client " + client + "; token requests with the old one are refused. Tokens"
                    + " already issued stay valid until they expire (5 minutes). The running service uses the new one at its next request.";
        }
        keys.replaceSecret(Platform.keycloakSecretName(service), secret);
        return service + ": Keycloak is not running; the new client secret is in the data folder and the next start sets it.";
    }
}

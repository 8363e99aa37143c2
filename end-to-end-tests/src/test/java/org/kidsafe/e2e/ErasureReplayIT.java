package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.erasure.ErasureReplay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Erasures survive a restore (issue 18 item 1). A child with a profile, a paired toy and a photo is backed up (a copy of
 * profile-service's and media-service's databases, made by PostgreSQL itself), then deleted with a verified receipt. The
 * backups are restored (each database replaced by its copy): the child's rows and wrapped data keys are back and the
 * parent reads the profile again. {@code ./kidsafe erasures replay --since <backup>}
 * (the same code, {@link Platform#replayErasures}) then makes both services erase again: rows, keys (tombstones again),
 * consent projection, and 404 on the child's routes. Without the replay nothing ever erases the restored child again (on
 * the code before it, there was no such command; the restored rows stay, as the assertions after the restore show).
 */
class ErasureReplayIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> RESTORED = List.of(Platform.PROFILE, Platform.MEDIA);

    @Test
    void aChildErasedAfterTheBackupIsErasedAgainAfterTheRestoreAndTheReplay() throws SQLException {
        Platform platform = RunningPlatform.get();
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS").withProfile();
        family.awaitFirstUpload(family.pairToy());
        UUID child = family.child;

        Instant backupTakenAt = Instant.now();
        for (String service : RESTORED) {
            backUp(platform, service);
        }

        UUID erasure = family.journey.deleteChild(family.parent, child);
        String receipt = family.journey.awaitReceipt(family.parent, erasure, PATIENCE).getReceipt();
        family.journey.verifyReceipt(receipt, erasure, child);
        assertChildGone(family, "after the erasure");

        restore(platform);
        assertEquals(1, rows(Platform.PROFILE, "SELECT count(*) FROM child_profile WHERE child_id = ?", child), "the restore brings the profile back");
        assertEquals(1, liveKeys(Platform.PROFILE, child), "and profile's wrapped data key");
        assertEquals(1, liveKeys(Platform.MEDIA, child), "and media's wrapped data key");
        assertTrue(rows(Platform.MEDIA, "SELECT count(*) FROM media_item WHERE child_id = ?", child) >= 1, "and the photo's record");
        // The parent reads the erased child's profile again (once profile-service's pool has replaced the connections the
        // restore cut: until then it answers 503).
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> family.journey.profile(family.parent, child).status(), status -> status == 200);

        assertEquals(404, Gateway.client().post(ErasureReplay.PATH, family.parent, Map.of("since", backupTakenAt.toString())).status(),
                "the gateway routes nothing to the replay: the operator reaches consent-service directly");
        JsonNode replayed = platform.replayErasures(backupTakenAt);

        assertTrue(replayed.path("erasureIds").toString().contains(erasure.toString()), "the deletion since the backup is replayed: " + replayed);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertChildGone(family, "after the replay"));
        assertEquals(1, rows(Platform.PROFILE, "SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at IS NOT NULL", child),
                "profile's tombstone is back: no key is ever made for the child again");
        assertEquals(1, rows(Platform.MEDIA, "SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at IS NOT NULL", child),
                "media's tombstone is back");
        assertEquals(1, rows(Platform.CONSENT, "SELECT count(*) FROM ledger_entry WHERE type = 'ERASURE_REPLAYED' AND child_id = ? AND details LIKE ?",
                child, "%" + replayed.path("replayId").asText() + "%"), "the ledger records the replay");
        assertEquals(receipt, family.journey.erasure(family.parent, erasure).getReceipt(),
                "the saga keeps its receipt");
    }

    private static void assertChildGone(Family family, String when) {
        UUID child = family.child;
        assertEquals(0, rows(Platform.PROFILE, "SELECT count(*) FROM child_profile WHERE child_id = ?", child), "no profile " + when);
        assertEquals(0, rows(Platform.PROFILE, "SELECT count(*) FROM toy_binding WHERE child_id = ?", child), "no toy binding " + when);
        assertEquals(0, rows(Platform.MEDIA, "SELECT count(*) FROM media_item WHERE child_id = ?", child), "no media " + when);
        for (String service : RESTORED) {
            assertEquals(0, liveKeys(service, child), service + " holds no data key " + when);
            assertEquals(0, rows(service, "SELECT count(*) FROM consent_projection WHERE child_id = ?", child), service + " projects no consent " + when);
        }
        for (String route : List.of("/profile", "/media", "/toys")) {
            assertEquals(404, Gateway.client().get("/v1/children/" + child + route, family.parent).status(), route + " " + when);
        }
    }

    private static long liveKeys(String service, UUID child) {
        return rows(service, "SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at IS NULL", child);
    }

    private static long rows(String service, String query, Object... parameters) {
        return ServiceRows.count(service, query, parameters);
    }

    /**
     * A backup made by PostgreSQL itself ({@code CREATE DATABASE ... TEMPLATE}, a copy of the database's files): the
     * embedded binaries have no pg_dump.
     */
    private static void backUp(Platform platform, String service) throws SQLException {
        String database = platform.database(service).database();
        try (Connection admin = superuser(platform)) {
            withoutSessions(admin, database, () -> ddl(admin, "SELECT format('CREATE DATABASE %I TEMPLATE %I', ?, ?)", backupOf(database), database));
        }
    }

    /**
     * Each database replaced by its backup, as a restore leaves it. Under the running services: their pools open new
     * connections to the restored database, and nothing they keep in memory comes from it (Kafka keeps their offsets).
     * An operator scales a service to zero for a restore (deploy/README.md, "Restoring a backup"); the two restarts that
     * would add cost half a minute on the CI machine and change nothing the test looks at.
     */
    private static void restore(Platform platform) throws SQLException {
        try (Connection admin = superuser(platform)) {
            for (String service : RESTORED) {
                ServiceDatabase owned = platform.database(service);
                withoutSessions(admin, owned.database(), () -> {
                    ddl(admin, "SELECT format('DROP DATABASE %I WITH (FORCE)', ?)", owned.database());
                    ddl(admin, "SELECT format('CREATE DATABASE %I TEMPLATE %I OWNER %I', ?, ?, ?)", owned.database(), backupOf(owned.database()),
                            owned.username());
                });
                ddl(admin, "SELECT format('DROP DATABASE %I', ?)", backupOf(owned.database()));
                // Who may connect is the database's own setting, not part of the copy: the platform's provisioning sets it again.
                platform.postgres().provision(owned.database(), owned.username(), owned.password());
            }
        }
    }

    /**
     * Runs {@code work} while nobody can connect to {@code database}: a template must have no session while it is
     * copied. The service's sessions are ended; its pool opens new ones once connections are allowed again.
     */
    private static void withoutSessions(Connection admin, String database, SqlWork work) throws SQLException {
        ddl(admin, "SELECT format('ALTER DATABASE %I ALLOW_CONNECTIONS false', ?)", database);
        try {
            try (PreparedStatement end = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                end.setString(1, database);
                end.execute();
            }
            work.run();
        } finally {
            ddl(admin, "SELECT format('ALTER DATABASE %I ALLOW_CONNECTIONS true', ?)", database);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static String backupOf(String database) {
        return database + "_backup";
    }

    private static Connection superuser(Platform platform) throws SQLException {
        return DriverManager.getConnection(platform.postgres().jdbcUrl("postgres"), "postgres", "");
    }

    /** DDL takes no bind parameters: PostgreSQL quotes the names itself ({@code %I}) from bound values, as PostgresServer does. */
    private static void ddl(Connection connection, String formatQuery, String... names) throws SQLException {
        String statement;
        try (PreparedStatement format = connection.prepareStatement(formatQuery)) {
            for (int i = 0; i < names.length; i++) {
                format.setString(i + 1, names[i]);
            }
            try (ResultSet formatted = format.executeQuery()) {
                formatted.next();
                statement = formatted.getString(1);
            }
        }
        try (PreparedStatement run = connection.prepareStatement(statement)) {
            run.execute();
        }
    }
}

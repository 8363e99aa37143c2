package org.kidsafe.launcher;

import org.kidsafe.commons.secrets.SecretFiles;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.PostgresServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The owner split of issue 18 item 3 on this machine: a service whose schema belongs to an owner role it does not hold
 * is migrated, before it starts, by the same packaged application run once as a Quarkus init task
 * ({@code quarkus.init-and-exit}) with the owner's login; it migrates (and, for consent-service, prunes the ledger:
 * {@code LedgerPrune}) and exits. Only that short-lived process is told where the owner's password is; the service then
 * starts with its runtime login alone. The chart does the same with a migration Job and a prune CronJob.
 */
final class OwnerMigration {

    /** Services migrated by their owner role; the others still migrate at start as their own role. */
    static final Set<String> SERVICES = Set.of(Platform.CONSENT);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Keys keys;
    private final PostgresServer postgres;

    OwnerMigration(Keys keys, PostgresServer postgres) {
        this.keys = keys;
        this.postgres = postgres;
    }

    static boolean appliesTo(String service) {
        return SERVICES.contains(service);
    }

    /** The owner role's password among the keys, e.g. {@code db-consent-owner}. */
    static String ownerPasswordName(String service) {
        return Platform.databasePasswordName(service) + "-owner";
    }

    /**
     * The service's database with its owner and runtime roles, made or brought up to date; a database of the previous
     * release, owned by the runtime role, is handed over to the owner here (PostgresServer's provisionOwned).
     */
    OwnedDatabase provision(String service) {
        String database = Platform.databaseOf(service);
        return postgres.provisionOwned(database, OwnedDatabase.ownerRoleOf(database), keys.secret(ownerPasswordName(service)),
                Platform.roleOf(service), keys.secret(Platform.databasePasswordName(service)));
    }

    /**
     * Runs the service's migrations (and its owner jobs) as the owner and waits for the end.
     *
     * @param jar  the service's packaged application
     * @param logs the folder the task's log goes to ({@code <service>-migration.log})
     */
    void migrate(String service, Path jar, Path logs) {
        run(keys, service, provision(service), jar, logs);
    }

    /** The init task against a database already provisioned (a running platform's: {@code ./kidsafe ledger prune}). */
    static void run(Keys keys, String service, OwnedDatabase database, Path jar, Path logs) {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.init-and-exit", "true");
        properties.put("quarkus.flyway.migrate-at-start", "true");
        properties.put("quarkus.flyway.placeholders.runtime_role", database.runtime().username());
        properties.put("quarkus.datasource.credentials-provider", SecretFiles.DATABASE);
        properties.put("kidsafe.secret-files." + SecretFiles.DATABASE, keys.secretFile(ownerPasswordName(service)).toString());
        properties.put("quarkus.log.console.json.enabled", "false");
        if (Credential.KEK.heldBy(service)) {
            // A Java migration may seal what the previous release stored in the clear (consent-service's V6_1 seals
            // signed consent forms under parents' data keys): it wraps them under the service's own KEK ring.
            properties.put("kidsafe.kek.directory", keys.keyEncryptionKeys(service).toString());
        }
        // The task serves no request: no OpenID Connect discovery.
        properties.put("quarkus.oidc.tenant-enabled", "false");
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.owner().jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.owner().username());
        new ServiceProcess(service + "-migration", jar, 0, 0, properties, environment, logs.resolve(service + "-migration.log"))
                .runToCompletion(TIMEOUT);
    }
}

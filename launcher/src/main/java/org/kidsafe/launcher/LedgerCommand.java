package org.kidsafe.launcher;

import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./kidsafe ledger prune}: removes consent-service's ledger entries older than {@code kidsafe.ledger.keep-for}
 * (default three years) below a signed head (issue 18 item 3), as the owner role, by running consent-service's
 * migration init task, which prunes after migrating ({@code LedgerPrune}); the running service cannot delete ledger
 * rows. Works with the platform up (its PostgreSQL) or down (PostgreSQL is started for the command and stopped). Every
 * {@code ./kidsafe up} does the same before consent-service starts; the chart runs it as a CronJob.
 */
public final class LedgerCommand {

    private LedgerCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].equals("prune")) {
            System.err.println("usage: ./kidsafe ledger prune");
            System.exit(2);
        }
        Path data = Launcher.dataDirectory();
        Path keysDirectory = data.resolve("keys");
        if (!Files.isDirectory(keysDirectory)) {
            System.err.println("no data folder at " + data + " (run ./kidsafe up once, or set KIDSAFE_HOME)");
            System.exit(2);
        }
        Keys keys = new Keys(keysDirectory);
        Path jar = Platform.jarIn(Launcher.root(), Platform.CONSENT);
        Path logs = data.resolve("logs");
        int port = Ports.standard().postgres();
        if (Ports.listening(port)) {
            String database = Platform.databaseOf(Platform.CONSENT);
            String url = PostgresServer.jdbcUrl(port, database, keys.caCertificate());
            OwnerMigration.run(keys, Platform.CONSENT, new OwnedDatabase(
                    new ServiceDatabase(database, OwnedDatabase.ownerRoleOf(database),
                            keys.secret(OwnerMigration.ownerPasswordName(Platform.CONSENT)), url),
                    new ServiceDatabase(database, Platform.roleOf(Platform.CONSENT),
                            keys.secret(Platform.databasePasswordName(Platform.CONSENT)), url)), jar, logs);
        } else {
            try (PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), port, logs.resolve("postgres.log"),
                    keys.certificateAuthority())) {
                new OwnerMigration(keys, postgres).migrate(Platform.CONSENT, jar, logs);
            }
        }
        System.out.println("Ledger pruned as " + OwnedDatabase.ownerRoleOf(Platform.databaseOf(Platform.CONSENT))
                + " (what went: " + logs.resolve(Platform.CONSENT + "-migration.log") + ")");
    }
}

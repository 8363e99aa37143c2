package org.kidsafe.profile.profile;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.name-fingerprint-migration.every} (first at start-up): recomputes display-name
 * fingerprints of the previous release under the pseudonymisation key ({@link NameFingerprintMigration}); after the
 * upgrade it finds nothing (a partial index on the rows of the previous scheme keeps that cheap).
 */
@ApplicationScoped
public class NameFingerprintMigrationJob {

    private final NameFingerprintMigration migration;

    NameFingerprintMigrationJob(NameFingerprintMigration migration) {
        this.migration = migration;
    }

    @Scheduled(every = "${kidsafe.jobs.name-fingerprint-migration.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        migration.run();
    }
}

package org.kidsafe.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.datakey.DataKeySettings;
import org.kidsafe.crypto.datakey.DataKeyTableRewrite;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.DatabaseFiles;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 1: a destroyed key leaves its old row version, wrapped key and all, in the heap file of
 * {@code data_key}, and a plain VACUUM does not zero it; the scheduled rewrite ({@code DataKeyTableRewrite}, run here as
 * the service's own role, as its job runs it) leaves the wrapped bytes in no file of the database's directory after a
 * checkpoint. The searches before the rewrite are the controls that show the search can find them.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class DataKeyTableRewriteTest {

    @Inject
    DataKeys dataKeys;
    @Inject
    DataKeyTableRewrite rewrite;
    @Inject
    DataKeySettings settings;
    @Inject
    Clock clock;

    @Test
    void aKeyDestroyedForGoodIsInNoFileOfTheDatabaseAfterTheRewriteAndACheckpoint() throws SQLException {
        UUID child = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> dataKeys.getOrCreate(child));
        byte[] wrapped = wrappedKeyOf(child);
        QuarkusTransaction.requiringNew().run(() -> dataKeys.destroyForGood(child));
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        Path dataDirectory = infrastructure.workDirectory().resolve("postgres");
        Path heapFile;
        try (Connection connection = infrastructure.database("profile").connect()) {
            heapFile = DatabaseFiles.relationFile(dataDirectory, connection, "data_key");
        }
        DatabaseFiles.checkpoint(infrastructure.postgres());
        assertTrue(DatabaseFiles.holds(heapFile, wrapped), "control: the destroyed key's old row version is in " + heapFile);

        assertTrue(rewrite.rewrite(), "the rewrite ran");
        DatabaseFiles.checkpoint(infrastructure.postgres());

        List<Path> holding = DatabaseFiles.filesHolding(heapFile.getParent(), wrapped);
        assertTrue(holding.isEmpty(), "the destroyed wrapped key is still in " + holding);
        assertEquals(1, infrastructure.database("profile").count(
                "SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at IS NOT NULL", child), "the tombstone stays");
    }

    /**
     * A key deleted (a profile purged for inactivity) on a page that keeps a live key: VACUUM frees the dead row's space
     * but leaves its bytes, which the next insert into that page may or may not overwrite; the rewrite does not.
     */
    @Test
    void aPlainVacuumLeavesADeletedKeyInTheHeapFileAndTheRewriteDoesNot() throws SQLException {
        UUID neighbour = UUID.randomUUID();
        UUID child = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> dataKeys.getOrCreate(neighbour));
        QuarkusTransaction.requiringNew().run(() -> dataKeys.getOrCreate(child));
        byte[] wrapped = wrappedKeyOf(child);
        QuarkusTransaction.requiringNew().run(() -> dataKeys.destroy(child));
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        Path heapFile;
        try (Connection connection = infrastructure.database("profile").connect(); Statement statement = connection.createStatement()) {
            heapFile = DatabaseFiles.relationFile(infrastructure.workDirectory().resolve("postgres"), connection, "data_key");
            statement.execute("VACUUM data_key");
        }
        DatabaseFiles.checkpoint(infrastructure.postgres());
        assertTrue(DatabaseFiles.holds(heapFile, wrapped), "a plain VACUUM leaves the deleted key's bytes in " + heapFile);

        assertTrue(rewrite.rewrite(), "the rewrite ran");
        DatabaseFiles.checkpoint(infrastructure.postgres());

        List<Path> holding = DatabaseFiles.filesHolding(heapFile.getParent(), wrapped);
        assertTrue(holding.isEmpty(), "the deleted wrapped key is still in " + holding);
    }

    /** Nothing is kept forever: an erased child's tombstone goes with the rewrite once older than its keep-for. */
    @Test
    void tombstonesOlderThanTheirKeepForGoWithTheRewriteAndYoungerOnesStay() throws SQLException {
        UUID longAgo = UUID.randomUUID();
        UUID lately = UUID.randomUUID();
        Instant now = clock.instant();
        insertTombstone(longAgo, now.minus(settings.tombstonesKeepFor()).minus(Duration.ofHours(1)));
        insertTombstone(lately, now.minus(settings.tombstonesKeepFor()).plus(Duration.ofHours(1)));

        assertTrue(rewrite.rewrite(), "the rewrite ran");

        ServiceDatabase db = RealInfrastructure.shared().database("profile");
        assertEquals(0, db.count("SELECT count(*) FROM data_key WHERE subject_id = ?", longAgo));
        assertEquals(1, db.count("SELECT count(*) FROM data_key WHERE subject_id = ?", lately));
    }

    private static void insertTombstone(UUID child, Instant destroyedAt) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect(); PreparedStatement insert =
                connection.prepareStatement("INSERT INTO data_key (subject_id, created_at, destroyed_at) VALUES (?, ?, ?)")) {
            insert.setObject(1, child);
            insert.setTimestamp(2, Timestamp.from(destroyedAt));
            insert.setTimestamp(3, Timestamp.from(destroyedAt));
            insert.executeUpdate();
        }
    }

    private static byte[] wrappedKeyOf(UUID child) throws SQLException {
        try (Connection connection = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement query = connection.prepareStatement("SELECT wrapped_key FROM data_key WHERE subject_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "control: the child has a key");
                return row.getBytes(1);
            }
        }
    }
}

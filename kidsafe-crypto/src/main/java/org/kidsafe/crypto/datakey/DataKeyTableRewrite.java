package org.kidsafe.crypto.datakey;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Rewrites the {@code data_key} table, so a destroyed key's wrapped bytes leave the heap files (issue 18 item 1).
 * Destroying a key (a {@code DELETE}, or the tombstone's {@code UPDATE}) leaves the old row version in its page, and a
 * plain {@code VACUUM} only marks it reusable without zeroing it: until the page is overwritten, a copy of the
 * database files holds the wrapped key, readable with the KEK. {@code VACUUM FULL} writes the live rows into a new
 * file and truncates the old one at commit, so after the next checkpoint no file of the database holds a destroyed key.
 * <p>
 * Several replicas run the job: a session advisory lock lets one of them rewrite and the others skip, and the rewrite
 * gives up after {@link #LOCK_TIMEOUT} rather than queue behind a long transaction while every key read queues behind
 * it ({@code VACUUM FULL} needs the table's ACCESS EXCLUSIVE lock; the next run tries again). The runtime role must own
 * the table or hold PostgreSQL 17's {@code MAINTAIN} privilege on it. WAL and backups are not rewritten: they hold the
 * key, wrapped, until the KEK that wrapped it is retired ({@code KekSettings.rotationPeriod}, docs/retention-policy.md).
 * <p>
 * Before the rewrite, tombstones of subjects erased longer ago than {@link DataKeySettings#tombstonesKeepFor()} are
 * deleted, so not even the erased subjects' random ids are kept for good. A service without data keys (no
 * {@link DataKeys} bean, hence no table) has nothing to rewrite.
 */
@ApplicationScoped
public class DataKeyTableRewrite {

    private static final Logger LOG = Logger.getLogger(DataKeyTableRewrite.class);
    /** The advisory lock's key in the service's own database: "data_key" rewrite, one per database. */
    static final long LOCK_KEY = 0x6461_7461_6b65_7931L;
    /** How long the rewrite waits for the table's lock before it gives up until the next run. */
    static final String LOCK_TIMEOUT = "5s";

    private final Instance<DataKeys> dataKeys;
    private final AgroalDataSource dataSource;
    private final Duration tombstonesKeepFor;
    private final Clock clock;

    DataKeyTableRewrite(Instance<DataKeys> dataKeys, AgroalDataSource dataSource, DataKeySettings settings, Clock clock) {
        this.dataKeys = dataKeys;
        this.dataSource = dataSource;
        this.tombstonesKeepFor = settings.tombstonesKeepFor();
        this.clock = clock;
    }

    /**
     * Rewrites the table unless another replica is at it or the service holds no data keys. Outside any transaction:
     * {@code VACUUM} cannot run inside one.
     *
     * @return true if this call rewrote the table
     */
    @Transactional(TxType.NEVER)
    public boolean rewrite() {
        if (dataKeys.isUnsatisfied()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return rewrite(connection, clock.instant().minus(tombstonesKeepFor));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not rewrite data_key", e);
        }
    }

    /**
     * The rewrite on a connection of the service's own role to its database, in autocommit: what the job runs, and what
     * an operator (or the end-to-end data-folder scan) runs to rewrite at once rather than wait for the schedule.
     *
     * @param tombstonesBefore tombstones of subjects erased before this are deleted first
     * @return true if the table was rewritten, false if another session holds the rewrite's lock or the table was busy
     */
    public static boolean rewrite(Connection connection, Instant tombstonesBefore) throws SQLException {
        connection.setAutoCommit(true);
        if (!advisoryLock(connection, "SELECT pg_try_advisory_lock(?)")) {
            LOG.debug("Another replica is rewriting data_key");
            return false;
        }
        try {
            try (PreparedStatement prune = connection.prepareStatement("DELETE FROM data_key WHERE destroyed_at < ?")) {
                prune.setTimestamp(1, Timestamp.from(tombstonesBefore));
                int pruned = prune.executeUpdate();
                LOG.debugf("%d data-key tombstones older than %s deleted", pruned, tombstonesBefore);
            }
            return vacuumFull(connection);
        } finally {
            advisoryLock(connection, "SELECT pg_advisory_unlock(?)");
        }
    }

    private static boolean vacuumFull(Connection connection) throws SQLException {
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            timeout.setString(1, LOCK_TIMEOUT);
            timeout.execute();
        }
        long before = fileNode(connection);
        try (Statement vacuum = connection.createStatement()) {
            vacuum.execute("VACUUM FULL data_key");
            // A role that neither owns the table nor holds MAINTAIN gets a warning, not an error, and nothing is rewritten;
            // a rewrite always writes the table to a new file, so an unchanged file node means it was skipped.
            if (fileNode(connection) == before) {
                throw new IllegalStateException("VACUUM FULL data_key was skipped: the service's role must own data_key or hold MAINTAIN on it");
            }
            LOG.info("data_key rewritten: destroyed keys are gone from its heap files after the next checkpoint");
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                LOG.warnf("data_key was busy for %s; it will be rewritten on the next run", LOCK_TIMEOUT);
                return false;
            }
            throw e;
        } finally {
            try (Statement reset = connection.createStatement()) {
                reset.execute("RESET lock_timeout");
            }
        }
    }

    private static long fileNode(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT pg_relation_filenode(?::regclass)")) {
            query.setString(1, "data_key");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static boolean advisoryLock(Connection connection, String call) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(call)) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}

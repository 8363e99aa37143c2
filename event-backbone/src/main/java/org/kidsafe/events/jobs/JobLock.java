package org.kidsafe.events.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.kidsafe.commons.retention.Batches;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The one way a scheduled job runs on one replica at a time (issue 21 item 1: every replica runs every job): a
 * PostgreSQL session advisory lock named after the job, held on a connection of its own for the whole pass, so it also
 * covers what a pass does outside its transactions (blob deletes, mails) and a crashed pod's lock goes with its
 * connection. Another replica that finds it taken skips its run; the holder works through the backlog in bounded
 * batches ({@link Batches#untilShort}), each its own short transaction. Work whose rows can be claimed one by one uses
 * {@code FOR UPDATE SKIP LOCKED} instead, so that replicas share it.
 */
@ApplicationScoped
public class JobLock {

    private static final Logger LOG = Logger.getLogger(JobLock.class);
    /** First key of the two-key lock ("JOBS"), so that it never meets another advisory lock of the same database. */
    private static final int NAMESPACE = 0x4a4f4253;

    /** Rows per transaction of a job whose {@code kidsafe.jobs.<job>.batch} is not set. */
    private static final int DEFAULT_BATCH = 100;

    private final AgroalDataSource dataSource;
    private final Config config;

    JobLock(AgroalDataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Runs {@code pass} if no other replica runs {@code job} now.
     *
     * @param job  the job's name, as in its {@code kidsafe.jobs.<job>} keys
     * @param pass runs its own transactions (never inside the caller's)
     * @return what the pass returned, or empty if another replica holds the job
     */
    @Transactional(TxType.NEVER)
    public <T> Optional<T> runAlone(String job, Supplier<T> pass) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!advisory(connection, "SELECT pg_try_advisory_lock(?, hashtext(?))", job)) {
                LOG.debugf("Another replica is running %s; this one skips its run", job);
                connection.close();
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The lock of job " + job + " could not be taken", e);
        }
        boolean unlocked = false;
        try {
            return Optional.ofNullable(pass.get());
        } finally {
            try {
                unlocked = advisory(connection, "SELECT pg_advisory_unlock(?, hashtext(?))", job);
                if (unlocked) {
                    connection.close();
                }
            } catch (SQLException e) {
                LOG.warnf("The lock of job %s could not be released: %s", job, e.getMessage());
            }
            if (!unlocked) {
                discard(connection);
            }
        }
    }

    /**
     * Runs {@code batch} until a batch comes back short, on one replica at a time.
     *
     * @param batch takes and handles at most the given number of rows ({@link #batchSize}) in a new transaction, and
     *              says how many
     * @return the rows handled, or 0 if another replica holds the job
     */
    public int batchesAlone(String job, IntUnaryOperator batch) {
        int size = batchSize(job);
        return runAlone(job, () -> Batches.untilShort(size, () -> batch.applyAsInt(size))).orElse(0);
    }

    /** The most rows one transaction of {@code job} takes: {@code kidsafe.jobs.<job>.batch}, next to its period. */
    public int batchSize(String job) {
        return config.getOptionalValue("kidsafe.jobs." + job + ".batch", Integer.class).orElse(DEFAULT_BATCH);
    }

    /** A connection whose unlock failed must not go back to the pool still holding the lock: it is closed for good. */
    private static void discard(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("A job lock's connection could not be discarded: %s", e.getMessage());
        }
    }

    private static boolean advisory(Connection connection, String call, String job) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(call)) {
            lock.setInt(1, NAMESPACE);
            lock.setString(2, job);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}

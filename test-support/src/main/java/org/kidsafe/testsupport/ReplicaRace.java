package org.kidsafe.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two replicas' runs of one scheduled job (or any two writers, e.g. a request racing an erasure) against one real
 * database, forced to overlap rather than hoped to with sleeps (issue 21 item 1): the race holds a table lock (as the superuser, in its own transaction) that a run meets after it has
 * read its work, starts a run, and returns once PostgreSQL shows that run waiting on a lock or the run has finished;
 * then the test starts the other run the same way and lets go. Each run uses the service's own connection pool and
 * transactions, as a second instance would; only the lock queue decides who commits first.
 */
public final class ReplicaRace implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String database;
    private final Connection holder;
    private final ExecutorService replicas = Executors.newCachedThreadPool();

    /**
     * @param database    the service's database, e.g. {@code consent}
     * @param lockStatement a literal {@code LOCK TABLE ... IN EXCLUSIVE MODE}: reads go on, writes to the table wait
     */
    public ReplicaRace(String database, String lockStatement) throws SQLException {
        this.database = database;
        holder = DriverManager.getConnection(RealInfrastructure.shared().postgres().jdbcUrl(database), "postgres", "");
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
            lock.execute(lockStatement);
        }
    }

    /** Starts one replica's run; returns once it waits on a lock (the held table's, or a row another run holds) or has finished. */
    public <T> CompletableFuture<T> start(Supplier<T> run) throws InterruptedException {
        long waitingBefore = waitingSessions();
        CompletableFuture<T> result = CompletableFuture.supplyAsync(run, replicas);
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!result.isDone() && waitingSessions() <= waitingBefore) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("A run neither finished nor waited on a lock within " + PATIENCE);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return result;
    }

    /** Lets the waiting runs go on: the held lock is released. */
    public void release() throws SQLException {
        holder.commit();
    }

    /** What a run returned, once it finished. */
    public static <T> T outcome(CompletableFuture<T> run) throws Exception {
        return run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private long waitingSessions() {
        try (Connection connection = DriverManager.getConnection(RealInfrastructure.shared().postgres().jdbcUrl(database), "postgres", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'")) {
            query.setString(1, database);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        holder.rollback();
        holder.close();
        replicas.shutdownNow();
    }
}

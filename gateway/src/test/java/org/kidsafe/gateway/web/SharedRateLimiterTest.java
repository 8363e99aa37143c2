package org.kidsafe.gateway.web;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.testsupport.RealInfrastructure;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 1: two gateway replicas, each a {@link SharedRateLimiter} with its own connections and worker threads,
 * against one real PostgreSQL migrated as the gateway migrates it. A caller gets its burst once in all, not once per
 * replica, as the per-replica {@link RateLimiter} of before granted it.
 */
class SharedRateLimiterTest {

    /** A burst of 10 and a refill too slow to matter while a test runs (one token in 100 s). */
    private static final GatewaySettings.Bucket LIMITS = bucket(0.01, 10);
    /** Leases of up to 5 tokens, lasting long enough that none expires during a test. */
    private static final GatewaySettings.SharedLimits SHARED = shared(5, Duration.ofMinutes(10));

    private static ServiceDatabase database;
    /** The replicas' worker threads, which run their leases' JDBC. */
    private static ExecutorService workers;
    /** The callers' threads, which wait for their answers. */
    private static ExecutorService callers;

    @BeforeAll
    static void migrate() {
        database = RealInfrastructure.shared().database("gateway");
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password()).load().migrate();
        workers = Executors.newFixedThreadPool(4);
        callers = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stopThreads() {
        workers.shutdownNow();
        callers.shutdownNow();
    }

    @Test
    void twoReplicasGrantACallerItsBurstOnceInAll() {
        SharedRateLimiter first = replica();
        SharedRateLimiter second = replica();
        assertEquals(5, first.leaseSize());
        String caller = newCaller();
        int granted = 0;
        for (int i = 0; i < 20; i++) {
            // The ingress spreads the caller's requests over both replicas.
            if ((i % 2 == 0 ? first : second).acquire(caller).toCompletableFuture().join().isZero()) {
                granted++;
            }
        }
        assertEquals(LIMITS.burst(), granted);
        Duration wait = first.acquire(caller).toCompletableFuture().join();
        assertTrue(wait.compareTo(Duration.ofSeconds(90)) > 0 && wait.compareTo(Duration.ofSeconds(100)) <= 0,
                "the wait the database named for one token at 0.01/s: " + wait);
    }

    @Test
    void concurrentRequestsOnBothReplicasNeverGetMoreThanTheBurst() {
        List<SharedRateLimiter> replicas = List.of(replica(), replica());
        String caller = newCaller();
        AtomicInteger granted = new AtomicInteger();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SharedRateLimiter replica = replicas.get(i % 2);
            requests.add(CompletableFuture.runAsync(() -> {
                if (replica.acquire(caller).toCompletableFuture().join().isZero()) {
                    granted.incrementAndGet();
                }
            }, callers));
        }
        requests.forEach(CompletableFuture::join);
        assertEquals(LIMITS.burst(), granted.get());
    }

    @Test
    void aCallerSpentOnOneReplicaLeavesOthersTheirOwnBuckets() {
        SharedRateLimiter first = replica();
        SharedRateLimiter second = replica();
        String spent = newCaller();
        for (int i = 0; i < LIMITS.burst(); i++) {
            assertTrue(first.acquire(spent).toCompletableFuture().join().isZero());
        }
        assertFalse(second.acquire(spent).toCompletableFuture().join().isZero());
        assertTrue(second.acquire(newCaller()).toCompletableFuture().join().isZero());
    }

    @Test
    void withoutItsDatabaseEachReplicaLimitsAloneAndSaysSo() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/gateway?connectTimeout=1");
        SharedRateLimiter alone = new SharedRateLimiter(new TokenLeases(unreachable), LIMITS, SHARED, workers, System::nanoTime);
        String caller = newCaller();
        for (int i = 0; i < LIMITS.burst(); i++) {
            assertTrue(alone.acquire(caller).toCompletableFuture().join().isZero());
        }
        assertFalse(alone.acquire(caller).toCompletableFuture().join().isZero());
        assertFalse(alone.shared());
    }

    @Test
    void theSweepDeletesOnlyBucketsThatAreFullAgain() throws Exception {
        TokenLeases leases = new TokenLeases(pool());
        String refilled = newCaller();
        String spent = newCaller();
        assertEquals(1, leases.take(refilled, 1, bucket(1000, 1)).granted());
        assertEquals(1, leases.take(spent, 1, LIMITS).granted());
        Thread.sleep(20);
        String fullBuckets = "SELECT count(*) FROM rate_limit_bucket WHERE full_at < clock_timestamp()";
        assertTrue(database.count(fullBuckets) > 0);
        leases.sweep();
        assertEquals(0, database.count(fullBuckets));
        assertEquals(LIMITS.burst() - 1, leases.take(spent, LIMITS.burst(), LIMITS).granted(), "the spent bucket kept its state");
    }

    private SharedRateLimiter replica() {
        return new SharedRateLimiter(new TokenLeases(pool()), LIMITS, SHARED, workers, System::nanoTime);
    }

    /** Connections of one replica's own: nothing but the database is shared. */
    private static DataSource pool() {
        PGSimpleDataSource pool = new PGSimpleDataSource();
        pool.setURL(database.jdbcUrl());
        pool.setUser(database.username());
        pool.setPassword(database.password());
        return pool;
    }

    private static String newCaller() {
        return "subject:" + UUID.randomUUID();
    }

    static GatewaySettings.Bucket bucket(double perSecond, int burst) {
        return new GatewaySettings.Bucket() {
            @Override
            public double requestsPerSecond() {
                return perSecond;
            }

            @Override
            public int burst() {
                return burst;
            }
        };
    }

    private static GatewaySettings.SharedLimits shared(int leaseMaxTokens, Duration leaseFor) {
        return new GatewaySettings.SharedLimits() {
            @Override
            public int leaseMaxTokens() {
                return leaseMaxTokens;
            }

            @Override
            public Duration leaseFor() {
                return leaseFor;
            }

            @Override
            public Duration storeRetryAfter() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration sweepEvery() {
                return Duration.ofMinutes(1);
            }
        };
    }
}

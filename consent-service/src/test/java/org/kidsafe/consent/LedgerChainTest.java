package org.kidsafe.consent;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerChain;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.ReplicaRace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 3: a step appends its ledger entry without waiting for any other step's transaction, and the chain is
 * still one hash-linked sequence: {@link LedgerChain} links committed entries, one chainer at a time, and even two
 * chainers at once (a job lock lost while its holder works on) neither link an entry twice nor fork the chain.
 * Interleavings are forced (latches, a held table lock, PostgreSQL's lock waits), not hoped for with sleeps.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class LedgerChainTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LOCK_LINKS = "LOCK TABLE ledger_link IN EXCLUSIVE MODE";

    @Inject
    Ledger ledger;
    @Inject
    LedgerChain chain;
    @Inject
    EntityManager entityManager;

    /** Fails on the previous code: the second append waited on the append lock the first transaction held until commit. */
    @Test
    void aSecondAppendCommitsWhileTheFirstTransactionIsStillOpen() throws Exception {
        UUID parent = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        UUID early = UUID.randomUUID();
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService steps = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                ledger.append(LedgerType.CHILD_REGISTERED, late, parent, Map.of());
                entityManager.flush();
                firstWritten.countDown();
                awaitLatch(firstMayCommit);
            }), steps);
            try {
                assertTrue(firstWritten.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the first step wrote its entry");
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(
                        () -> ledger.append(LedgerType.CHILD_REGISTERED, early, parent, Map.of())), steps);
                await().atMost(PATIENCE).until(() -> second.isDone() || sessionsWaitingOnALock() > 0);
                assertTrue(second.isDone(), "the second step waits on the first step's transaction");
                second.get();

                chain.linkCommitted();
                assertEquals(1, linksOf(early), "the committed entry is linked without waiting for the open transaction");
            } finally {
                firstMayCommit.countDown();
            }
            first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            steps.shutdownNow();
        }
        chain.linkCommitted();
        assertEquals(1, linksOf(late));
        assertTrue(seqOf(late) > seqOf(early), "the entry that committed late is chained later");
        Ledger.Verification verification = ledger.verify(List.of());
        assertTrue(verification.intact(), verification.toString());
    }

    @Test
    void aSecondReplicasChainerSkipsWhileTheFirstLinks() throws Exception {
        UUID parent = appendEntries(5);
        try (ReplicaRace race = new ReplicaRace("consent", LOCK_LINKS)) {
            CompletableFuture<Integer> first = race.start(chain::linkCommitted);
            CompletableFuture<Integer> second = race.start(chain::linkCommitted);
            assertEquals(0, ReplicaRace.outcome(second), "the second replica skips its run while the first holds the job");
            race.release();
            assertTrue(ReplicaRace.outcome(first) >= 5);
        }
        assertLinkedOnceInOneChain(parent, 5);
    }

    /**
     * The job lock is a session lock: if its connection is lost while the holder works on, another replica takes the job
     * and both read the same end of the chain. The links' primary key and unique entry make one of them fail and roll
     * back; neither an entry linked twice nor two links at one position.
     */
    @Test
    void twoChainersAtOnceNeitherLinkAnEntryTwiceNorForkTheChain() throws Exception {
        UUID parent = appendEntries(5);
        List<Throwable> failures = new ArrayList<>();
        int linked = 0;
        try (ReplicaRace race = new ReplicaRace("consent", LOCK_LINKS)) {
            CompletableFuture<Integer> first = race.start(chain::linkCommitted);
            dropTheChainJobsLock();
            CompletableFuture<Integer> second = race.start(chain::linkCommitted);
            race.release();
            for (CompletableFuture<Integer> run : List.of(first, second)) {
                try {
                    linked += ReplicaRace.outcome(run);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        }
        assertEquals(1, failures.size(), "one of the two chainers lost the race: " + failures);
        assertTrue(linked >= 5);
        assertLinkedOnceInOneChain(parent, 5);
    }

    @Test
    void theChainVerifiesAfterConcurrentAppendsFromManyThreads() throws Exception {
        UUID parent = UUID.randomUUID();
        int threads = 8;
        int stepsEach = 25;
        ExecutorService steps = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(CompletableFuture.runAsync(() -> {
                    awaitLatch(go);
                    for (int i = 0; i < stepsEach; i++) {
                        QuarkusTransaction.requiringNew().run(() -> {
                            ledger.append(LedgerType.CHILD_REGISTERED, UUID.randomUUID(), parent, Map.of());
                            ledger.append(LedgerType.CONSENT_GRANTED, UUID.randomUUID(), parent, Map.of("category", "CHAT"));
                        });
                    }
                }, steps));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
            go.countDown();
            while (!all.isDone()) {
                chain.linkCommitted();
            }
            all.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            steps.shutdownNow();
        }
        chain.linkCommitted();
        assertLinkedOnceInOneChain(parent, threads * stepsEach * 2);
    }

    private void assertLinkedOnceInOneChain(UUID parent, int entries) {
        assertEquals(entries, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ?", parent));
        assertEquals(entries, Database.count("""
                SELECT count(DISTINCT l.entry_id) FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id
                 WHERE e.parent_id = ?""", parent), "every entry is linked");
        assertEquals(entries, Database.count("""
                SELECT count(*) FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id WHERE e.parent_id = ?""", parent),
                "no entry is linked twice");
        assertEquals(0, Database.count("SELECT max(seq) - min(seq) + 1 - count(*) FROM ledger_link"), "one position per link, no gap");
        Ledger.Verification verification = ledger.verify(List.of());
        assertTrue(verification.intact(), verification.toString());
        assertEquals(0, verification.pendingEntries());
    }

    /** Appends {@code count} entries of one new parent, each step its own transaction; returns the parent. */
    private UUID appendEntries(int count) {
        UUID parent = UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            QuarkusTransaction.requiringNew().run(() -> ledger.append(LedgerType.CHILD_REGISTERED, UUID.randomUUID(), parent, Map.of()));
        }
        return parent;
    }

    /** What a lost connection does to the chain job's lock (JobLock's session lock: namespace "JOBS", the job's name hashed). */
    private static void dropTheChainJobsLock() throws Exception {
        try (Connection admin = Database.asSuperuser(); PreparedStatement terminate = admin.prepareStatement("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND classid = CAST(? AS oid) AND objsubid = 2
                   AND CAST(objid AS bigint) = (CAST(hashtext(?) AS bigint) & 4294967295)""")) {
            terminate.setLong(1, 0x4a4f4253L);
            terminate.setString(2, "ledger-chain");
            try (var row = terminate.executeQuery()) {
                row.next();
                assertEquals(1, row.getLong(1), "the first chainer held the job's lock");
            }
        }
    }

    private static long linksOf(UUID child) {
        return Database.count("SELECT count(*) FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id WHERE e.child_id = ?", child);
    }

    private static long seqOf(UUID child) {
        return Database.count("SELECT l.seq FROM ledger_link l JOIN ledger_entry e ON e.id = l.entry_id WHERE e.child_id = ?", child);
    }

    private static long sessionsWaitingOnALock() {
        return Database.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

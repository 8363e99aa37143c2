package org.kidsafe.media.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.kidsafe.commons.pool.PoolShare;
import org.kidsafe.media.config.MediaSettings;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finishes accepted erasures off the consumer thread (deleting a large child's blobs takes a while). Woken the moment
 * an erasure job commits on this replica ({@link ErasureAccepted}, issue 22 item 3: the bytes go without waiting for a
 * timer), whenever one of its erasures completes (a slot is free again), and by {@link ErasureRetryJob} as the safety
 * net for jobs a crash, a failure or another replica left unfinished.
 * <p>
 * Up to {@code kidsafe.media.erasure.concurrency} erasures at once per replica (issue 21 item 3: carried out one at a
 * time, media-service's erasure was half of an erasure's time at 20 in flight), on a pool of that many threads: the
 * blob deletions and key shredding of different children overlap. A wake-up claims as many jobs as slots are free, and
 * no more, so a job waits in the database, where any replica can take it, rather than in this replica's memory. Each
 * job in flight holds at most one database connection at a time, hence the limit of half the pool
 * ({@link #checkedConcurrency}).
 * <p>
 * Replicas split the work (issue 21 item 1: every replica walked every pending job, and could start one again while
 * another replica was deleting its blobs): a claim takes jobs under {@code FOR UPDATE SKIP LOCKED}, each for
 * {@code kidsafe.jobs.erasure-retry.lease}, and the other workers leave a claimed job alone until it completes or its
 * lease runs out. Within a replica, a job is never claimed while one of the same child is in flight here, so one
 * child's erasures run one after the other (and a job whose lease ran out while it ran here is not started twice). The
 * worker renews the leases of every job it holds every third of the lease, so a lease outlives a long erasure but not
 * a dead instance: another replica takes over a killed instance's erasures within one lease (issue 21 item 2: with a
 * fixed 10 min lease, ReplicaScaleIT's erasure waited 10 min). A job that failed or is not verified empty yet is
 * released and left for a later wake-up.
 */
@Startup
@ApplicationScoped
public class ErasureWorker {

    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);
    static final String TIMER = "kidsafe.media.erasure.jobs";

    private final ErasureTaskRepository jobs;
    private final ErasureService erasures;
    private final int concurrency;
    private final Duration lease;
    private final Clock clock;
    /** A claim is queued and has not started: further wake-ups join it instead of queueing one claim each. */
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Claims jobs for the free slots, one claim at a time. */
    private final ExecutorService claimer = Executors.newSingleThreadExecutor(daemon("media-erasure-claim"));
    /** Carries out the claimed jobs; never more than {@link #concurrency} are claimed, so none waits here. */
    private final ExecutorService runners;
    /** The jobs this worker has claimed and not let go yet (erasure id to child id): their leases are renewed. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();
    /** From the job's key destruction (its request's transaction) until a worker claimed it: the wait for a slot. */
    private final Timer waiting;
    /** A claimed job carried out, until its slot is free. */
    private final Timer running;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(daemon("media-erasure-lease"));

    ErasureWorker(ErasureTaskRepository jobs, ErasureService erasures, MediaSettings settings, MeterRegistry metrics,
                  @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int poolSize,
                  @ConfigProperty(name = "kidsafe.jobs.erasure-retry.lease") Duration lease, Clock clock) {
        this.jobs = jobs;
        this.erasures = erasures;
        this.concurrency = checkedConcurrency(settings.erasure().concurrency(), poolSize);
        this.lease = lease;
        this.clock = clock;
        this.runners = Executors.newFixedThreadPool(concurrency, daemon("media-erasure"));
        this.waiting = stage(metrics, "waiting");
        this.running = stage(metrics, "running");
        long renewEvery = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewHeld, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    /**
     * Each erasure in flight takes one connection at a time (its steps' transactions follow one another; the blobs are
     * deleted with none), the claim and the renewal one each: at most half the pool, so the consumers, uploads, the
     * outbox relay and the scheduled jobs keep the other half. Checked at startup, so a pool too small for the setting
     * stops the service instead of making erasures time out waiting for connections.
     */
    static int checkedConcurrency(int concurrency, int poolSize) {
        return PoolShare.atMostHalfThePool("kidsafe.media.erasure.concurrency", "KIDSAFE_MEDIA_ERASURE_CONCURRENCY", concurrency, poolSize);
    }

    public void wakeUp() {
        if (queued.compareAndSet(false, true)) {
            claimer.execute(() -> {
                queued.set(false);
                claimFreeSlots();
            });
        }
    }

    /** After the transaction that stored the job committed (never for one that rolled back). */
    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ErasureAccepted job) {
        wakeUp();
    }

    /**
     * Claims pending jobs no worker holds for the free slots and starts them; on the claimer's thread only, so the slots
     * only grow meanwhile. A claim that skipped a second job of one child leaves slots free: claimed again, without
     * that child, until the slots are full or no job is left.
     */
    private void claimFreeSlots() {
        try {
            int free;
            int found;
            do {
                free = concurrency - held.size();
                if (free <= 0) {
                    return;
                }
                Instant now = clock.instant();
                Set<UUID> busyChildren = Set.copyOf(held.values());
                int limit = free;
                Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(now, busyChildren, limit));
                held.putAll(claim.jobs());
                claim.jobs().keySet().forEach(erasureId -> runners.execute(() -> run(erasureId)));
                found = claim.found();
            } while (found == free);
        } catch (RuntimeException e) {
            LOG.warnf("Erasure jobs not claimed (%s); retrying at the next wake-up", e.getClass().getSimpleName());
        }
    }

    /** Claims at most one job per child, none of the busy children; returns the claimed jobs and how many were found. */
    private Claim claim(Instant now, Set<UUID> busyChildren, int limit) {
        List<ErasureTask> claimable = jobs.claimableForUpdate(now, busyChildren, limit);
        Set<UUID> children = new HashSet<>();
        Map<UUID, UUID> claimed = new LinkedHashMap<>();
        for (ErasureTask job : claimable) {
            if (children.add(job.childId)) {
                job.claimedUntil = now.plus(lease);
                claimed.put(job.erasureId, job.childId);
                Duration waited = Duration.between(job.unreadableAt != null ? job.unreadableAt : job.requestedAt, now);
                waiting.record(waited.isNegative() ? Duration.ZERO : waited);
            }
        }
        return new Claim(claimed, claimable.size());
    }

    /** Carries out one claimed job; a completed one frees its slot for the next, a failed one is released for later. */
    private void run(UUID erasureId) {
        long started = System.nanoTime();
        boolean completed = false;
        try {
            erasures.complete(erasureId);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Erasure %s failed; it will be retried", erasureId);
        }
        try {
            completed = QuarkusTransaction.requiringNew().call(() -> jobs.release(erasureId)) == 0;
        } catch (RuntimeException e) {
            LOG.warnf("Erasure %s not released (%s); its lease runs out", erasureId, e.getClass().getSimpleName());
        } finally {
            held.remove(erasureId);
            running.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        if (completed) {
            wakeUp();
        }
    }

    /** Extends the leases of the jobs this worker holds to a full lease from now; a failed renewal is tried again next time. */
    void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        try {
            List<UUID> holding = List.copyOf(held.keySet());
            Instant until = clock.instant().plus(lease);
            QuarkusTransaction.requiringNew().run(() -> jobs.renew(holding, until));
        } catch (RuntimeException e) {
            LOG.warnf("Erasure leases not renewed (%s); retrying in a third of the lease", e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        renewer.shutdownNow();
        claimer.shutdownNow();
        runners.shutdownNow();
    }

    /**
     * {@value #TIMER}: how long the erasure jobs wait for a slot and run, so the erasure-throughput benchmark can tell
     * the wait for this worker apart from the blob deletes (issue 21 item 3: no serial step over 10% of an erasure).
     * A job retried after a failure counts its first attempt in its wait.
     */
    private static Timer stage(MeterRegistry metrics, String stage) {
        return Timer.builder(TIMER)
                .description("media-service's erasure jobs: waiting (key destroyed until claimed by a worker) and running")
                .tag("stage", stage)
                .register(metrics);
    }

    /** Daemon threads named {@code <name>-1}, {@code <name>-2}, ... */
    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What one claim took: erasure id to child id, in claim order; and how many claimable jobs it found. */
    private record Claim(Map<UUID, UUID> jobs, int found) {
    }
}

package org.kidsafe.media.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finishes accepted erasures off the consumer thread (deleting a large child's blobs takes a while). Woken the moment
 * an erasure job commits on this replica ({@link ErasureAccepted}, issue 22 item 3: the bytes go without waiting for a
 * timer), and by {@link ErasureRetryJob} as the safety net for jobs a crash, a failure or another replica left
 * unfinished.
 * <p>
 * Replicas split the work (issue 21 item 1: every replica walked every pending job, and could start one again while
 * another replica was deleting its blobs): a run claims {@code kidsafe.jobs.erasure-retry.batch} jobs at a time under
 * {@code FOR UPDATE SKIP LOCKED}, each for {@code kidsafe.jobs.erasure-retry.lease}, and the other workers leave a claimed
 * job alone until it completes or its lease runs out. The worker renews the leases of the jobs it holds every third of
 * the lease while it works, so a lease outlives a long erasure but not a dead instance: another replica takes over a
 * killed instance's erasure within one lease (issue 21 item 2: with a fixed 10 min lease, ReplicaScaleIT's erasure waited
 * 10 min). A job that failed or is not verified empty yet is released, and the run stops there for the next wake-up to
 * retry it.
 */
@ApplicationScoped
public class ErasureWorker {

    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);

    private final ErasureTaskRepository jobs;
    private final ErasureService erasures;
    private final int batch;
    private final Duration lease;
    private final Clock clock;
    /** A run is queued and has not started: further wake-ups join it instead of queueing one run each. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "media-erasure");
        thread.setDaemon(true);
        return thread;
    });
    /** The jobs this worker has claimed and not let go yet: their leases are renewed while it works. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "media-erasure-lease");
        thread.setDaemon(true);
        return thread;
    });

    ErasureWorker(ErasureTaskRepository jobs, ErasureService erasures, @ConfigProperty(name = "kidsafe.jobs.erasure-retry.batch") int batch,
                  @ConfigProperty(name = "kidsafe.jobs.erasure-retry.lease") Duration lease, Clock clock) {
        this.jobs = jobs;
        this.erasures = erasures;
        this.batch = batch;
        this.lease = lease;
        this.clock = clock;
        long renewEvery = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewHeld, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    public void wakeUp() {
        if (queued.compareAndSet(false, true)) {
            executor.execute(() -> {
                queued.set(false);
                completePending();
            });
        }
    }

    /** After the transaction that stored the job committed (never for one that rolled back). */
    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ErasureAccepted job) {
        wakeUp();
    }

    /** Completes the pending jobs no other worker holds, batch by batch until none is left or one stays pending. */
    void completePending() {
        List<UUID> claimed;
        boolean allCompleted;
        do {
            Instant now = clock.instant();
            claimed = QuarkusTransaction.requiringNew().call(() -> claim(now));
            held.addAll(claimed);
            allCompleted = true;
            for (UUID erasureId : claimed) {
                allCompleted &= complete(erasureId);
            }
        } while (claimed.size() == batch && allCompleted);
    }

    private List<UUID> claim(Instant now) {
        List<ErasureTask> claimable = jobs.claimableForUpdate(now, batch);
        for (ErasureTask job : claimable) {
            job.claimedUntil = now.plus(lease);
        }
        return claimable.stream().map(job -> job.erasureId).toList();
    }

    /** @return whether the job completed; if not, it is released for a later run */
    private boolean complete(UUID erasureId) {
        try {
            erasures.complete(erasureId);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Erasure %s failed; it will be retried", erasureId);
        }
        held.remove(erasureId);
        return QuarkusTransaction.requiringNew().call(() -> jobs.release(erasureId)) == 0;
    }

    /** Extends the leases of the jobs this worker holds to a full lease from now; a failed renewal is tried again next time. */
    private void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        try {
            List<UUID> holding = List.copyOf(held);
            Instant until = clock.instant().plus(lease);
            QuarkusTransaction.requiringNew().run(() -> jobs.renew(holding, until));
        } catch (RuntimeException e) {
            LOG.warnf("Erasure leases not renewed (%s); retrying in a third of the lease", e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        renewer.shutdownNow();
        executor.shutdownNow();
    }
}
